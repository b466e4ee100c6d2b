import logging
import math
import os
from dataclasses import dataclass

import torch
import torch.nn as nn

log = logging.getLogger(__name__)


@dataclass
class TrainConfig:
    epochs: int = 50
    lr: float = 3e-4
    weight_decay: float = 1e-4
    grad_clip: float = 1.0
    amp: bool = True
    patience: int = 8
    ckpt_dir: str = "checkpoints"
    log_every: int = 50


class Trainer:
    def __init__(self, model, train_loader, val_loader, cfg: TrainConfig, device="cuda"):
        self.model = model.to(device)
        self.train_loader = train_loader
        self.val_loader = val_loader
        self.cfg = cfg
        self.device = device
        self.loss_fn = nn.SmoothL1Loss()
        self.optim = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
        self.sched = torch.optim.lr_scheduler.CosineAnnealingLR(self.optim, T_max=cfg.epochs)
        self.scaler = torch.cuda.amp.GradScaler(enabled=cfg.amp)
        self.best_val = math.inf
        self.bad_epochs = 0
        self.step = 0
        os.makedirs(cfg.ckpt_dir, exist_ok=True)

    def _train_epoch(self, epoch):
        self.model.train()
        total = 0.0
        for i, (x, y) in enumerate(self.train_loader):
            x, y = x.to(self.device), y.to(self.device)
            self.optim.zero_grad(set_to_none=True)
            with torch.autocast(device_type="cuda", dtype=torch.float16, enabled=self.cfg.amp):
                pred = self.model(x)
                loss = self.loss_fn(pred, y)
            self.scaler.scale(loss).backward()
            self.scaler.unscale_(self.optim)
            nn.utils.clip_grad_norm_(self.model.parameters(), self.cfg.grad_clip)
            self.scaler.step(self.optim)
            self.scaler.update()
            total += loss.item()
            self.step += 1
            if i % self.cfg.log_every == 0:
                log.info("epoch %d it %d loss %.4f", epoch, i, loss.item())
        return total / len(self.train_loader)

    def _val_loop(self):
        self.model.eval()
        sum_loss, sum_mae, sum_sq, n = 0.0, 0.0, 0.0, 0
        for x, y in self.val_loader:
            x, y = x.to(self.device), y.to(self.device)
            with torch.autocast(device_type="cuda", dtype=torch.float16, enabled=self.cfg.amp):
                pred = self.model(x)  # EXPECT: TL004  # <- TL004
                loss = self.loss_fn(pred, y)
            err = pred.float() - y
            sum_loss += loss.item() * x.size(0)
            sum_mae += err.abs().sum().item()
            sum_sq += err.pow(2).sum().item()
            n += y.numel()
        return {
            "loss": sum_loss / len(self.val_loader.dataset),
            "mae": sum_mae / n,
            "rmse": math.sqrt(sum_sq / n),
        }

    def save(self, name):
        torch.save({"model": self.model.state_dict(), "optim": self.optim.state_dict(),
                    "step": self.step}, os.path.join(self.cfg.ckpt_dir, name))

    def fit(self):
        for epoch in range(1, self.cfg.epochs + 1):
            train_loss = self._train_epoch(epoch)
            metrics = self._val_loop()
            self.sched.step()
            log.info("epoch %d train %.4f val %.4f mae %.4f rmse %.4f", epoch, train_loss,
                     metrics["loss"], metrics["mae"], metrics["rmse"])
            if metrics["loss"] < self.best_val:
                self.best_val = metrics["loss"]
                self.bad_epochs = 0
                self.save("best.pt")
            else:
                self.bad_epochs += 1
                if self.bad_epochs >= self.cfg.patience:
                    log.info("early stopping at epoch %d", epoch)
                    break
        self.save("last.pt")
        return self.best_val
