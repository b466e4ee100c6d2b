import random

import numpy as np
import torch
from torch.utils.data import DataLoader


def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.cuda.manual_seed_all(seed)


def compute_mean_std(dataset, batch_size=128, num_workers=4):
    """Per-channel mean/std over a dataset of (C, H, W) tensors in [0, 1]."""
    loader = DataLoader(dataset, batch_size=batch_size, shuffle=False, num_workers=num_workers)
    n_pixels = 0
    channel_sum = None
    channel_sq_sum = None
    for images, _ in loader:
        b, c, h, w = images.shape
        flat = images.transpose(0, 1).reshape(c, -1)
        if channel_sum is None:
            channel_sum = torch.zeros(c, dtype=torch.float64)
            channel_sq_sum = torch.zeros(c, dtype=torch.float64)
        channel_sum += flat.sum(dim=1).double()
        channel_sq_sum += (flat.double() ** 2).sum(dim=1)
        n_pixels += b * h * w
    mean = channel_sum / n_pixels
    std = (channel_sq_sum / n_pixels - mean ** 2).sqrt()
    return mean.float().tolist(), std.float().tolist()


class AverageMeter:
    def __init__(self):
        self.reset()

    def reset(self):
        self.sum = 0.0
        self.count = 0

    def update(self, val, n=1):
        self.sum += val * n
        self.count += n

    @property
    def avg(self):
        return self.sum / max(self.count, 1)


def accuracy(output, target):
    return (output.argmax(dim=1) == target).float().mean().item()
