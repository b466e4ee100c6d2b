import logging

import numpy as np
import torch
import torch.nn as nn
from sklearn.metrics import roc_auc_score
from tqdm.auto import tqdm

log = logging.getLogger("trainer")


class BinaryTrainer:
    def __init__(self, backbone, optimizer, scheduler, device, pos_weight=1.0, accum_steps=1, use_meta=False):
        self.device = device
        self.backbone = backbone.to(device)
        self.optimizer = optimizer
        self.scheduler = scheduler
        self.accum_steps = accum_steps
        self.use_meta = use_meta
        self.loss = nn.BCEWithLogitsLoss(pos_weight=torch.tensor([pos_weight], device=device))

    def _forward(self, batch):
        image = batch["image"].to(self.device)
        meta = batch["meta"].to(self.device) if self.use_meta else None
        return self.backbone(image, meta)

    def train_epoch(self, loader, epoch):
        self.backbone.train()
        losses = []
        self.optimizer.zero_grad()
        bar = tqdm(loader, desc=f"epoch {epoch}")
        for i, batch in enumerate(bar):
            target = batch["target"].float().to(self.device)
            output = self._forward(batch)
            loss = self.loss(output, target) / self.accum_steps
            loss.backward()
            if (i + 1) % self.accum_steps == 0:
                self.optimizer.step()
                self.optimizer.zero_grad()
            losses.append(loss.item() * self.accum_steps)
            bar.set_postfix(loss=np.mean(losses[-50:]))
        self.scheduler.step()
        return float(np.mean(losses))

    @torch.no_grad()
    def predict(self, loader, tta=False):
        self.backbone.eval()
        scores, targets = [], []
        for batch in loader:
            out = self._forward(batch)
            if tta:
                flipped = dict(batch, image=batch["image"].flip(-1))
                out = (out + self._forward(flipped)) / 2
            scores.append(out.cpu().numpy())
            targets.append(batch["target"].numpy())
        return np.concatenate(scores), np.concatenate(targets)

    def fit(self, train_loader, valid_loader, epochs, out_path):
        best_auc = 0.0
        for epoch in range(epochs):
            tr_loss = self.train_epoch(train_loader, epoch)
            scores, targets = self.predict(valid_loader, tta=True)
            auc = roc_auc_score(targets, scores)
            log.info("epoch %d train_loss %.4f valid_auc %.4f", epoch, tr_loss, auc)
            if auc > best_auc:
                best_auc = auc
                torch.save(self.backbone.state_dict(), out_path)
        return best_auc
