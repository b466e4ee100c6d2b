import json
import os
import random

import numpy as np
import torch
from torch.utils.data import DataLoader


def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.cuda.manual_seed_all(seed)


@torch.no_grad()
def compute_mean_std(dataset, batch_size=256, num_workers=4):
    """Per-channel mean/std of a dataset yielding (C, H, W) tensors."""
    loader = DataLoader(dataset, batch_size=batch_size, shuffle=False, num_workers=num_workers)
    s, sq, n = 0.0, 0.0, 0
    for images, _ in loader:
        images = images.double()
        s = s + images.sum(dim=(0, 2, 3))
        sq = sq + (images ** 2).sum(dim=(0, 2, 3))
        n += images.shape[0] * images.shape[2] * images.shape[3]
    mean = s / n
    std = (sq / n - mean ** 2).sqrt()
    return mean.float().tolist(), std.float().tolist()


def save_stats(path, mean, std):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w") as f:
        json.dump({"mean": mean, "std": std}, f)


def load_stats(path):
    with open(path) as f:
        d = json.load(f)
    return d["mean"], d["std"]


def topk_accuracy(output, target, ks=(1, 3)):
    maxk = max(ks)
    _, pred = output.topk(maxk, dim=1)
    correct = pred.eq(target.view(-1, 1))
    return [correct[:, :k].any(dim=1).float().mean().item() for k in ks]
