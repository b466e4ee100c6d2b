import json
import math
import os

import torch


class AverageMeter:
    def __init__(self):
        self.reset()

    def reset(self):
        self.sum = 0.0
        self.count = 0

    def update(self, value, n=1):
        self.sum += value * n
        self.count += n

    @property
    def avg(self):
        return self.sum / max(self.count, 1)


class RunningAverage:
    """Exponential moving average for smooth progress-bar numbers."""

    def __init__(self, beta=0.98):
        self.beta = beta
        self.value = 0.0
        self.steps = 0

    def update(self, x):
        self.steps += 1
        self.value = self.beta * self.value + (1 - self.beta) * x
        return self.value / (1 - self.beta ** self.steps)


def psnr(sr, hr, max_val=1.0, shave=4):
    if shave:
        sr = sr[..., shave:-shave, shave:-shave]
        hr = hr[..., shave:-shave, shave:-shave]
    mse = torch.mean((sr.clamp(0, 1) - hr) ** 2, dim=(1, 2, 3))
    return (10 * torch.log10(max_val ** 2 / mse.clamp(min=1e-10))).mean().item()


def save_history(history, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "history.json"), "w") as f:
        json.dump(history, f, indent=2)


def lr_at(step, base_lr, total, warmup=500):
    if step < warmup:
        return base_lr * (step + 1) / warmup
    return 0.5 * base_lr * (1 + math.cos(math.pi * (step - warmup) / max(1, total - warmup)))
