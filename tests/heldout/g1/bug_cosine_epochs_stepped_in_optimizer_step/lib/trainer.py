import os
import time

import torch


class SimCLRTrainer:
    def __init__(self, cfg, model, criterion, optimizer, scheduler, device):
        self.cfg = cfg
        self.model = model
        self.criterion = criterion
        self.optimizer = optimizer
        self.scheduler = scheduler
        self.device = device
        self.scaler = torch.cuda.amp.GradScaler(enabled=cfg["amp"])
        self.step = 0

    def _optimizer_step(self, loss):
        self.optimizer.zero_grad(set_to_none=True)
        self.scaler.scale(loss).backward()
        self.scaler.step(self.optimizer)
        self.scaler.update()
        self.scheduler.step()  # EXPECT: TL011
        self.step += 1

    def _training_step(self, batch):
        (x1, x2), _ = batch
        x1 = x1.to(self.device, non_blocking=True)
        x2 = x2.to(self.device, non_blocking=True)
        with torch.autocast("cuda", enabled=self.cfg["amp"]):
            z1, z2 = self.model(x1), self.model(x2)
            loss = self.criterion(z1, z2)
        return loss

    def train_one_epoch(self, loader, epoch):
        self.model.train()
        loss_sum, n = 0.0, 0
        t0 = time.time()
        for i, batch in enumerate(loader):
            loss = self._training_step(batch)
            self._optimizer_step(loss)
            loss_sum += loss.item()
            n += 1
            if i % self.cfg["log_every"] == 0:
                lr = self.optimizer.param_groups[0]["lr"]
                print(f"ep {epoch} it {i}/{len(loader)} loss {loss.item():.4f} lr {lr:.4e}")
        print(f"ep {epoch} finished in {time.time() - t0:.0f}s")
        return loss_sum / max(n, 1)

    def save(self, epoch):
        os.makedirs(self.cfg["out_dir"], exist_ok=True)
        torch.save({"epoch": epoch, "model": self.model.state_dict(),
                    "optimizer": self.optimizer.state_dict(),
                    "scheduler": self.scheduler.state_dict()},
                   os.path.join(self.cfg["out_dir"], f"simclr_{epoch:04d}.pt"))

    def fit(self, loader):
        for epoch in range(self.cfg["epochs"]):
            loss = self.train_one_epoch(loader, epoch)
            print(f"epoch {epoch}: mean loss {loss:.4f}")
            if (epoch + 1) % self.cfg["save_every"] == 0:
                self.save(epoch)
