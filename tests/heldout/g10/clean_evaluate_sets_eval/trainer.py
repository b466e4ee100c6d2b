import logging

import torch
import torch.nn as nn

log = logging.getLogger("kws")


class Trainer:
    def __init__(self, model, optimizer, scheduler=None, device="cpu", accum_steps=1):
        self.model = model.to(device)
        self.optimizer = optimizer
        self.scheduler = scheduler
        self.device = device
        self.accum_steps = accum_steps
        self.criterion = nn.CrossEntropyLoss()

    def train_epoch(self, loader):
        self.model.train()
        self.optimizer.zero_grad()
        running, n = 0.0, 0
        for i, (feats, target) in enumerate(loader):
            feats, target = feats.to(self.device), target.to(self.device)
            loss = self.criterion(self.model(feats), target)
            (loss / self.accum_steps).backward()
            if (i + 1) % self.accum_steps == 0:
                self.optimizer.step()
                self.optimizer.zero_grad()
            running += loss.item() * feats.size(0)
            n += feats.size(0)
        if self.scheduler is not None:
            self.scheduler.step()
        return running / n

    @torch.no_grad()
    def evaluate(self, loader):
        self.model.eval()
        correct, total, loss_sum = 0, 0, 0.0
        for feats, target in loader:
            feats, target = feats.to(self.device), target.to(self.device)
            logits = self.model(feats)
            loss_sum += self.criterion(logits, target).item() * feats.size(0)
            correct += (logits.argmax(1) == target).sum().item()
            total += feats.size(0)
        return {"loss": loss_sum / total, "acc": correct / total}

    def fit(self, train_loader, val_loader, epochs, ckpt_path="kws_best.pt"):
        best = 0.0
        for epoch in range(epochs):
            tr_loss = self.train_epoch(train_loader)
            val = self.evaluate(val_loader)
            log.info("epoch %02d | train %.4f | val loss %.4f acc %.4f",
                     epoch, tr_loss, val["loss"], val["acc"])
            if val["acc"] > best:
                best = val["acc"]
                torch.save(self.model.state_dict(), ckpt_path)
        return best
