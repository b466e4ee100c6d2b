import logging
import math

import torch
import torch.nn as nn

log = logging.getLogger(__name__)


def expected_calibration_error(probs, labels, n_bins=15):
    conf, pred = probs.max(dim=1)
    acc = pred.eq(labels).float()
    ece = torch.zeros(1, device=probs.device)
    edges = torch.linspace(0, 1, n_bins + 1, device=probs.device)
    for lo, hi in zip(edges[:-1], edges[1:]):
        in_bin = (conf > lo) & (conf <= hi)
        if in_bin.any():
            ece += in_bin.float().mean() * (conf[in_bin].mean() - acc[in_bin].mean()).abs()
    return ece.item()


class Engine:
    def __init__(self, backbone, optimizer, device, epochs, warmup_epochs=5, label_smoothing=0.0):
        self.device = device
        self.backbone = backbone.to(device)
        self.optimizer = optimizer
        self.epochs = epochs
        self.warmup_epochs = warmup_epochs
        self.criterion = nn.CrossEntropyLoss(label_smoothing=label_smoothing)
        self.base_lrs = [g["lr"] for g in optimizer.param_groups]

    def _adjust_lr(self, epoch, it, iters):
        t = epoch + it / iters
        if t < self.warmup_epochs:
            factor = t / self.warmup_epochs
        else:
            factor = 0.5 * (1 + math.cos(math.pi * (t - self.warmup_epochs) / (self.epochs - self.warmup_epochs)))
        for g, base in zip(self.optimizer.param_groups, self.base_lrs):
            g["lr"] = base * factor

    def train_epoch(self, loader, epoch):
        self.backbone.train()
        total, n = 0.0, 0
        for it, (images, targets) in enumerate(loader):
            self._adjust_lr(epoch, it, len(loader))
            images, targets = images.to(self.device), targets.to(self.device)
            loss = self.criterion(self.backbone(images), targets)
            self.optimizer.zero_grad()
            loss.backward()
            self.optimizer.step()
            total += loss.item() * targets.size(0)
            n += targets.size(0)
        return total / n

    def evaluate(self, loader):
        self.backbone.eval()
        all_probs, all_targets = [], []
        for images, targets in loader:
            all_probs.append(self.backbone.predict(images.to(self.device)))
            all_targets.append(targets.to(self.device))
        probs, targets = torch.cat(all_probs), torch.cat(all_targets)
        nll = -torch.log(probs.gather(1, targets[:, None]).clamp_min(1e-12)).mean().item()
        acc = probs.argmax(1).eq(targets).float().mean().item()
        return {"acc": acc, "nll": nll, "ece": expected_calibration_error(probs, targets)}

    def fit(self, train_loader, test_loader):
        for epoch in range(self.epochs):
            loss = self.train_epoch(train_loader, epoch)
            m = self.evaluate(test_loader)
            log.info("epoch %d loss %.4f acc %.4f nll %.4f ece %.4f", epoch, loss, m["acc"], m["nll"], m["ece"])
        return m
