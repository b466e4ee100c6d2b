import logging
import math
from pathlib import Path

import torch
import torch.nn as nn

from models import GaussianNoise, psnr

logger = logging.getLogger(__name__)


class DenoiseTrainer:
    def __init__(self, model, train_loader, val_loader, *, epochs=30, lr=2e-3, noise_std=0.3,
                 clip=1.0, device="cuda", out_dir="runs/denoise"):
        self.model = model.to(device)
        self.train_loader = train_loader
        self.val_loader = val_loader
        self.epochs = epochs
        self.clip = clip
        self.device = device
        self.out_dir = Path(out_dir)
        self.noise = GaussianNoise(noise_std)
        self.loss_fn = nn.MSELoss()
        self.optim = torch.optim.Adam(self.model.parameters(), lr=lr)
        total_iters = epochs * len(train_loader)
        self.sched = torch.optim.lr_scheduler.CosineAnnealingLR(self.optim, T_max=total_iters, eta_min=lr * 0.01)
        self.iteration = 0

    def training_step(self, batch):
        clean, _ = batch
        clean = clean.to(self.device, non_blocking=True)
        noisy = self.noise(clean)
        recon = self.model(noisy)
        loss = self.loss_fn(recon, clean)
        loss.backward()
        return loss.detach()

    def optimizer_step(self):
        if self.clip:
            nn.utils.clip_grad_norm_(self.model.parameters(), self.clip)
        self.optim.step()
        self.optim.zero_grad(set_to_none=True)
        self.sched.step()
        self.iteration += 1

    def train_one_epoch(self, epoch):
        self.model.train()
        total, batches = 0.0, 0
        for i, batch in enumerate(self.train_loader):
            loss = self.training_step(batch)
            self.optimizer_step()
            total += loss.item()
            batches += 1
            if i % 200 == 0:
                logger.info("ep %d it %d loss %.5f lr %.2e", epoch, i, loss.item(), self.sched.get_last_lr()[0])
        return total / batches

    @torch.no_grad()
    def validate(self):
        self.model.eval()
        scores = []
        for clean, _ in self.val_loader:
            clean = clean.to(self.device)
            recon = self.model(self.noise(clean))
            scores.append(psnr(recon, clean).item())
        return sum(scores) / len(scores)

    def fit(self):
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.optim.zero_grad(set_to_none=True)
        best = -math.inf
        for epoch in range(self.epochs):
            train_loss = self.train_one_epoch(epoch)
            val_psnr = self.validate()
            logger.info("epoch %d: train mse %.5f | val psnr %.2f dB", epoch, train_loss, val_psnr)
            if val_psnr > best:
                best = val_psnr
                torch.save(self.model.state_dict(), self.out_dir / "best.pt")
        return best
