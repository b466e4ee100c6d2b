import logging
import os
import time

import torch
import torch.nn as nn
from tqdm import tqdm

from nets import create_model

log = logging.getLogger(__name__)


class Trainer:
    def __init__(self, cfg, train_loader, val_loader):
        self.cfg = cfg
        self.device = torch.device(cfg.device)
        self.train_loader = train_loader
        self.val_loader = val_loader
        self.model = create_model(cfg.arch, cfg.num_classes).to(self.device)
        self.criterion = nn.CrossEntropyLoss(label_smoothing=cfg.label_smoothing)
        self.optimizer = torch.optim.SGD(
            self.model.parameters(), lr=cfg.lr, momentum=0.9,
            weight_decay=cfg.weight_decay, nesterov=True,
        )
        self.scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(
            self.optimizer, T_max=cfg.epochs * len(train_loader)
        )
        self.best_acc = 0.0

    def load_pretrained(self, path):
        state = torch.load(path, map_location="cpu")
        arch = state.get("arch", self.cfg.arch)
        weights = {k: v for k, v in state["state_dict"].items() if not k.startswith("fc.")}
        self.model = create_model(arch, self.cfg.num_classes)  # EXPECT: TL001  # <- TL001
        self.model.load_state_dict(weights, strict=False)
        self.model.to(self.device)
        log.info("loaded pretrained %s backbone from %s", arch, path)

    def train_epoch(self, epoch):
        self.model.train()
        running, seen = 0.0, 0
        pbar = tqdm(self.train_loader, desc=f"epoch {epoch}", leave=False)
        for images, targets in pbar:
            images = images.to(self.device, non_blocking=True)
            targets = targets.to(self.device, non_blocking=True)
            logits = self.model(images)
            loss = self.criterion(logits, targets)
            self.optimizer.zero_grad(set_to_none=True)
            loss.backward()
            self.optimizer.step()
            self.scheduler.step()
            running += loss.item() * images.size(0)
            seen += images.size(0)
            pbar.set_postfix(loss=f"{running / seen:.4f}")
        return running / seen

    @torch.no_grad()
    def validate(self):
        self.model.eval()
        correct, total = 0, 0
        for images, targets in self.val_loader:
            images, targets = images.to(self.device), targets.to(self.device)
            correct += (self.model(images).argmax(dim=1) == targets).sum().item()
            total += targets.numel()
        return correct / total

    def save(self, name):
        os.makedirs(self.cfg.out_dir, exist_ok=True)
        torch.save({"arch": self.cfg.arch, "state_dict": self.model.state_dict()},
                   os.path.join(self.cfg.out_dir, name))

    def fit(self):
        for epoch in range(self.cfg.epochs):
            t0 = time.time()
            train_loss = self.train_epoch(epoch)
            acc = self.validate()
            log.info("epoch %03d loss %.4f val_acc %.4f (%.1fs)",
                     epoch, train_loss, acc, time.time() - t0)
            if acc > self.best_acc:
                self.best_acc = acc
                self.save("best.pth")
        self.save("last.pth")
        return self.best_acc
