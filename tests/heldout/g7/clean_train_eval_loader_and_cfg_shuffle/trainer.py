import json
import os

import torch
import torch.nn as nn
from torch.utils.data import DataLoader


class Trainer:
    def __init__(self, cfg, model, train_set, val_set, device):
        self.cfg = cfg
        self.device = device
        self.model = model.to(device)
        self.train_loader = DataLoader(
            train_set, batch_size=cfg.batch_size, shuffle=cfg.shuffle, num_workers=cfg.num_workers, drop_last=True
        )
        # same images, fixed order, used to measure the generalisation gap
        self.train_eval_loader = DataLoader(train_set, batch_size=cfg.eval_batch_size, num_workers=cfg.num_workers)
        self.val_loader = DataLoader(val_set, batch_size=cfg.eval_batch_size, num_workers=cfg.num_workers)
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
        self.criterion = nn.CrossEntropyLoss()
        self.history = []

    def _step(self, images, labels):
        self.optimizer.zero_grad()
        loss = self.criterion(self.model(images), labels)
        loss.backward()
        self.optimizer.step()
        return loss.item()

    def train_epoch(self):
        self.model.train()
        losses = []
        for images, labels in self.train_loader:
            losses.append(self._step(images.to(self.device), labels.to(self.device)))
        return sum(losses) / len(losses)

    @torch.no_grad()
    def accuracy(self, loader):
        self.model.eval()
        correct = total = 0
        for images, labels in loader:
            logits = self.model(images.to(self.device))
            correct += (logits.argmax(1).cpu() == labels).sum().item()
            total += labels.numel()
        return correct / total

    def fit(self):
        os.makedirs(self.cfg.out_dir, exist_ok=True)
        for epoch in range(1, self.cfg.epochs + 1):
            loss = self.train_epoch()
            row = {"epoch": epoch, "loss": loss}
            if epoch % self.cfg.eval_every == 0:
                row["train_acc"] = self.accuracy(self.train_eval_loader)
                row["val_acc"] = self.accuracy(self.val_loader)
            self.history.append(row)
            print(row)
        with open(os.path.join(self.cfg.out_dir, "history.json"), "w") as f:
            json.dump(self.history, f)
        torch.save(self.model.state_dict(), os.path.join(self.cfg.out_dir, "model.pt"))
