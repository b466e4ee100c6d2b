import logging
import os
import time
from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F

logger = logging.getLogger(__name__)


@dataclass
class TrainConfig:
    epochs: int = 90
    lr: float = 0.1
    momentum: float = 0.9
    weight_decay: float = 5e-4
    label_smoothing: float = 0.1
    amp: bool = True
    ckpt_dir: str = "checkpoints"
    log_every: int = 50


class Trainer:
    def __init__(self, net, train_loader, val_loader, cfg: TrainConfig, device="cuda"):
        self.cfg = cfg
        self.device = device
        self.net = net.to(device)
        self.train_loader = train_loader
        self.val_loader = val_loader
        self.optim = torch.optim.SGD(
            self.net.parameters(), lr=cfg.lr, momentum=cfg.momentum,
            weight_decay=cfg.weight_decay, nesterov=True,
        )
        self.sched = torch.optim.lr_scheduler.CosineAnnealingLR(self.optim, T_max=cfg.epochs)
        self.scaler = torch.cuda.amp.GradScaler(enabled=cfg.amp)
        self.epoch = 0
        self.best_top1 = 0.0
        os.makedirs(cfg.ckpt_dir, exist_ok=True)

    # ------------------------------------------------------------------ ckpt
    def save_checkpoint(self, name="last.pth"):
        path = os.path.join(self.cfg.ckpt_dir, name)
        torch.save({
            "net": self.net,
            "optim": self.optim.state_dict(),
            "sched": self.sched.state_dict(),
            "scaler": self.scaler.state_dict(),
            "epoch": self.epoch,
            "best_top1": self.best_top1,
        }, path)
        return path

    def load_checkpoint(self, path):
        ckpt = torch.load(path, map_location=self.device)
        self.net = ckpt["net"].to(self.device)  # EXPECT: TL001  # <- TL001
        self.optim.load_state_dict(ckpt["optim"])
        self.sched.load_state_dict(ckpt["sched"])
        self.scaler.load_state_dict(ckpt["scaler"])
        self.epoch = ckpt["epoch"] + 1
        self.best_top1 = ckpt["best_top1"]
        logger.info("resumed from %s at epoch %d", path, self.epoch)

    # ----------------------------------------------------------------- loops
    def _train_epoch(self):
        self.net.train()
        t0 = time.time()
        for it, (x, y) in enumerate(self.train_loader):
            x = x.to(self.device, non_blocking=True)
            y = y.to(self.device, non_blocking=True)
            self.optim.zero_grad(set_to_none=True)
            with torch.autocast(device_type="cuda", dtype=torch.float16, enabled=self.cfg.amp):
                out = self.net(x)
                loss = F.cross_entropy(out, y, label_smoothing=self.cfg.label_smoothing)
            self.scaler.scale(loss).backward()
            self.scaler.step(self.optim)
            self.scaler.update()
            if it % self.cfg.log_every == 0:
                logger.info("ep %d it %d loss %.4f lr %.4f (%.1fs)", self.epoch, it,
                            loss.item(), self.optim.param_groups[0]["lr"], time.time() - t0)
        self.sched.step()

    @torch.no_grad()
    def _validate(self):
        self.net.eval()
        correct = total = 0
        for x, y in self.val_loader:
            x, y = x.to(self.device), y.to(self.device)
            with torch.autocast(device_type="cuda", dtype=torch.float16, enabled=self.cfg.amp):
                out = self.net(x)
            correct += (out.argmax(1) == y).sum().item()
            total += y.numel()
        return 100.0 * correct / total

    def fit(self):
        while self.epoch < self.cfg.epochs:
            self._train_epoch()
            top1 = self._validate()
            logger.info("epoch %d top1 %.2f", self.epoch, top1)
            if top1 > self.best_top1:
                self.best_top1 = top1
                self.save_checkpoint("best.pth")
            self.save_checkpoint("last.pth")
            self.epoch += 1
        return self.best_top1
