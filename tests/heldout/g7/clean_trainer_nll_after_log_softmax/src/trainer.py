import logging

import torch
import torch.nn as nn
import torch.nn.functional as F

log = logging.getLogger(__name__)


class Trainer:
    def __init__(self, model, optimizer, scheduler, train_loader, val_loader, device, label_smoothing=0.0):
        self.model = model
        self.optimizer = optimizer
        self.scheduler = scheduler
        self.train_loader = train_loader
        self.val_loader = val_loader
        self.device = device
        self.criterion = nn.NLLLoss()
        self.label_smoothing = label_smoothing

    def compute_loss(self, logits, targets):
        log_probs = F.log_softmax(logits, dim=-1)
        nll = self.criterion(log_probs, targets)
        if self.label_smoothing > 0:
            smooth = -log_probs.mean(dim=-1).mean()
            return (1 - self.label_smoothing) * nll + self.label_smoothing * smooth
        return nll

    def train_epoch(self, epoch):
        self.model.train()
        conf_sum, n = 0.0, 0
        for step, (x, y) in enumerate(self.train_loader):
            x, y = x.to(self.device), y.to(self.device)
            logits = self.model(x)
            loss = self.compute_loss(logits, y)
            self.optimizer.zero_grad()
            loss.backward()
            self.optimizer.step()
            self.scheduler.step()
            with torch.no_grad():
                conf_sum += F.softmax(logits, dim=-1).max(dim=-1).values.sum().item()
                n += y.size(0)
            if step % 100 == 0:
                log.info("epoch %d step %d loss %.4f", epoch, step, loss.item())
        return conf_sum / n

    @torch.no_grad()
    def evaluate(self):
        self.model.eval()
        correct = total = 0
        for x, y in self.val_loader:
            x, y = x.to(self.device), y.to(self.device)
            correct += (self.model(x).argmax(-1) == y).sum().item()
            total += y.size(0)
        return correct / total
