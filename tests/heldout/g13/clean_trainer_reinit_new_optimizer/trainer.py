import copy
import math
import os

import torch
from torch.utils.tensorboard import SummaryWriter

from vae import vae_loss


class VAETrainer:
    def __init__(self, model, optimizer, device, log_dir="runs/vae", beta_warmup=10,
                 max_resets=2, clip=10.0):
        self.model = model
        self.optimizer = optimizer
        self.device = device
        self.beta_warmup = beta_warmup
        self.max_resets = max_resets
        self.clip = clip
        self.writer = SummaryWriter(log_dir)
        self.resets = 0
        self.global_step = 0
        self._init_state = copy.deepcopy(model.state_dict())

    def _beta(self, epoch):
        return min(1.0, (epoch + 1) / self.beta_warmup)

    def _reinitialise(self):
        self.resets += 1
        fresh = copy.deepcopy(self.model)
        fresh.load_state_dict(self._init_state)
        self.model = fresh.to(self.device)
        opt_cls = type(self.optimizer)
        self.optimizer = opt_cls(self.model.parameters(), **self.optimizer.defaults)
        print(f"[reset {self.resets}] loss blew up - restarted from initial weights with a new optimizer")

    def train_epoch(self, loader, epoch):
        self.model.train()
        beta = self._beta(epoch)
        tot = n = 0
        for x, _ in loader:
            x = x.to(self.device)
            recon, mu, logvar = self.model(x)
            loss, rec, kld = vae_loss(recon, x, mu, logvar, beta=beta)
            self.optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(self.model.parameters(), self.clip)
            self.optimizer.step()

            self.global_step += 1
            if self.global_step % 100 == 0:
                self.writer.add_scalar("train/rec", rec.item(), self.global_step)
                self.writer.add_scalar("train/kld", kld.item(), self.global_step)
            tot += loss.item() * x.size(0)
            n += x.size(0)
        return tot / n

    @torch.no_grad()
    def eval_epoch(self, loader):
        self.model.eval()
        tot = n = 0
        for x, _ in loader:
            x = x.to(self.device)
            recon, mu, logvar = self.model(x)
            loss, _, _ = vae_loss(recon, x, mu, logvar, beta=1.0)
            tot += loss.item() * x.size(0)
            n += x.size(0)
        return tot / n

    def train(self, train_loader, test_loader, epochs, ckpt_dir="checkpoints"):
        os.makedirs(ckpt_dir, exist_ok=True)
        best = float("inf")
        epoch = 0
        while epoch < epochs:
            train_loss = self.train_epoch(train_loader, epoch)
            if not math.isfinite(train_loss) and self.resets < self.max_resets:
                self._reinitialise()
                epoch = 0
                best = float("inf")
                continue

            test_loss = self.eval_epoch(test_loader)
            self.writer.add_scalar("epoch/test_elbo", test_loss, epoch)
            print(f"epoch {epoch:3d}  train {train_loss:.2f}  test {test_loss:.2f}")
            if test_loss < best:
                best = test_loss
                torch.save(self.model.state_dict(), os.path.join(ckpt_dir, "vae_best.pt"))
            epoch += 1
        self.writer.close()
        return best
