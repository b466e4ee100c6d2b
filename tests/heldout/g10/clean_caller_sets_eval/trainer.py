import numpy as np
import torch
import torch.nn as nn
from sklearn.metrics import roc_auc_score


class Trainer:
    """Multi-label trainer. Mode switching for evaluation is left to the caller."""

    def __init__(self, model, optimizer, device, pos_weight=None, clip=2.0):
        self.model = model.to(device)
        self.optimizer = optimizer
        self.device = device
        self.clip = clip
        pw = None if pos_weight is None else torch.as_tensor(pos_weight, device=device)
        self.loss_fn = nn.BCEWithLogitsLoss(pos_weight=pw)

    def train_epoch(self, loader):
        self.model.train()
        losses = []
        for signals, targets in loader:
            signals = signals.to(self.device).float()
            targets = targets.to(self.device).float()
            self.optimizer.zero_grad()
            loss = self.loss_fn(self.model(signals), targets)
            loss.backward()
            nn.utils.clip_grad_norm_(self.model.parameters(), self.clip)
            self.optimizer.step()
            losses.append(loss.item())
        return float(np.mean(losses))

    @torch.no_grad()
    def evaluate(self, loader):
        scores, labels = [], []
        for signals, targets in loader:
            logits = self.model(signals.to(self.device).float())
            scores.append(torch.sigmoid(logits).cpu().numpy())
            labels.append(targets.numpy())
        scores, labels = np.concatenate(scores), np.concatenate(labels)
        return {
            "macro_auc": roc_auc_score(labels, scores, average="macro"),
            "f1_at_0.5": float(((scores > 0.5) == labels).mean()),
        }
