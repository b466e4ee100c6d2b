import itertools
import time

import torch
import torch.nn as nn


class StepTrainer:
    """Iteration-based trainer: evaluates every `eval_every` optimizer steps."""

    def __init__(self, net, opt, sched, device, max_steps=20000, eval_every=1000, log_every=50):
        self.net = net.to(device)
        self.opt = opt
        self.sched = sched
        self.device = device
        self.max_steps = max_steps
        self.eval_every = eval_every
        self.log_every = log_every
        self.crit = nn.CrossEntropyLoss(label_smoothing=0.1)
        self.best_acc = 0.0

    def _train_step(self, images, targets):
        images = images.to(self.device, non_blocking=True)
        targets = targets.to(self.device, non_blocking=True)
        loss = self.crit(self.net(images), targets)
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        self.opt.step()
        self.sched.step()
        return loss.item()

    @torch.no_grad()
    def validate(self, loader):
        hits, seen = 0, 0
        for images, targets in loader:
            images = images.to(self.device, non_blocking=True)
            targets = targets.to(self.device, non_blocking=True)
            preds = self.net(images).argmax(dim=1)
            hits += (preds == targets).sum().item()
            seen += targets.numel()
        return hits / max(seen, 1)

    def fit(self, train_loader, val_loader, ckpt="mobilenet_best.pt"):
        self.net.train()
        batches = itertools.cycle(train_loader)
        t0 = time.time()
        for step in range(1, self.max_steps + 1):
            images, targets = next(batches)
            loss = self._train_step(images, targets)
            if step % self.log_every == 0:
                lr = self.opt.param_groups[0]["lr"]
                print(f"[{step:6d}] loss={loss:.4f} lr={lr:.2e} ({time.time() - t0:.0f}s)")
            if step % self.eval_every == 0 or step == self.max_steps:
                self.net.eval()
                acc = self.validate(val_loader)
                self.net.train()
                print(f"[{step:6d}] val_acc={acc:.4f}")
                if acc > self.best_acc:
                    self.best_acc = acc
                    torch.save(self.net.state_dict(), ckpt)
        return self.best_acc
