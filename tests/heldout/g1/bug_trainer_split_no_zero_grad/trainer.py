import logging
import os
import time
from dataclasses import dataclass

import torch
import torch.nn as nn
from torch.nn.utils import clip_grad_norm_

logger = logging.getLogger(__name__)


@dataclass
class TrainerConfig:
    epochs: int = 30
    lr: float = 1e-3
    weight_decay: float = 0.05
    grad_clip: float = 1.0
    label_smoothing: float = 0.1
    log_every: int = 50
    out_dir: str = "checkpoints"


class Trainer:
    def __init__(self, model, train_loader, val_loader, config: TrainerConfig, device="cuda"):
        self.model = model.to(device)
        self.train_loader = train_loader
        self.val_loader = val_loader
        self.cfg = config
        self.device = device
        self.criterion = nn.CrossEntropyLoss(label_smoothing=config.label_smoothing)
        self.optimizer = torch.optim.AdamW(
            self.model.parameters(), lr=config.lr, weight_decay=config.weight_decay
        )
        self.scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(self.optimizer, T_max=config.epochs)
        self.global_step = 0
        self.best_acc = 0.0

    def training_step(self, batch):
        images, targets = batch
        images = images.to(self.device, non_blocking=True)
        targets = targets.to(self.device, non_blocking=True)
        logits = self.model(images)
        loss = self.criterion(logits, targets)
        loss.backward()
        correct = (logits.argmax(dim=1) == targets).sum().item()
        return loss.item(), correct, targets.size(0)

    def optimizer_step(self):
        if self.cfg.grad_clip > 0:
            clip_grad_norm_(self.model.parameters(), self.cfg.grad_clip)
        self.optimizer.step()  # EXPECT: TL002
        self.global_step += 1

    def train_one_epoch(self, epoch):
        self.model.train()
        running_loss, correct, seen = 0.0, 0, 0
        start = time.time()
        for it, batch in enumerate(self.train_loader):
            loss, n_correct, bs = self.training_step(batch)
            self.optimizer_step()  # <- TL002

            running_loss += loss * bs
            correct += n_correct
            seen += bs
            if it % self.cfg.log_every == 0:
                logger.info(
                    "epoch %d it %d/%d loss %.4f lr %.2e",
                    epoch, it, len(self.train_loader), loss, self.optimizer.param_groups[0]["lr"],
                )
        logger.info("epoch %d done in %.1fs", epoch, time.time() - start)
        return running_loss / seen, correct / seen

    @torch.no_grad()
    def evaluate(self):
        self.model.eval()
        correct, seen, total_loss = 0, 0, 0.0
        for images, targets in self.val_loader:
            images, targets = images.to(self.device), targets.to(self.device)
            logits = self.model(images)
            total_loss += self.criterion(logits, targets).item() * targets.size(0)
            correct += (logits.argmax(1) == targets).sum().item()
            seen += targets.size(0)
        return total_loss / seen, correct / seen

    def save(self, name):
        os.makedirs(self.cfg.out_dir, exist_ok=True)
        torch.save(
            {
                "model": self.model.state_dict(),
                "optimizer": self.optimizer.state_dict(),
                "scheduler": self.scheduler.state_dict(),
                "step": self.global_step,
            },
            os.path.join(self.cfg.out_dir, name),
        )

    def fit(self):
        for epoch in range(self.cfg.epochs):
            train_loss, train_acc = self.train_one_epoch(epoch)
            val_loss, val_acc = self.evaluate()
            self.scheduler.step()
            logger.info(
                "[%d/%d] train_loss=%.4f train_acc=%.3f val_loss=%.4f val_acc=%.3f",
                epoch + 1, self.cfg.epochs, train_loss, train_acc, val_loss, val_acc,
            )
            if val_acc > self.best_acc:
                self.best_acc = val_acc
                self.save("best.pt")
            self.save("last.pt")
        return self.best_acc
