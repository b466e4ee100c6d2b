import os

import numpy as np
import torch
from torch.utils.data import Dataset

STAGES = ["W", "N1", "N2", "N3", "REM"]


def load_subjects(root, subject_ids):
    """Per-subject arrays of 30 s EEG epochs, shape (n_epochs, n_channels, 3000)."""
    signals, stages = {}, {}
    for sid in subject_ids:
        arr = np.load(os.path.join(root, f"{sid}.npz"))
        signals[sid] = arr["x"].astype(np.float32)
        stages[sid] = arr["y"].astype(np.int64)
    return signals, stages


def channel_stats(signals, ids):
    total = None
    total_sq = None
    count = 0
    for sid in ids:
        x = signals[sid].astype(np.float64)
        s = x.sum(axis=(0, 2))
        sq = (x ** 2).sum(axis=(0, 2))
        total = s if total is None else total + s
        total_sq = sq if total_sq is None else total_sq + sq
        count += x.shape[0] * x.shape[2]
    mean = total / count
    std = np.sqrt(total_sq / count - mean ** 2)
    return mean.astype(np.float32), std.astype(np.float32)


class SleepEpochs(Dataset):
    def __init__(self, signals, stages, ids, mean, std, context=0):
        self.mean = torch.from_numpy(mean).view(1, -1, 1)
        self.std = torch.from_numpy(std).view(1, -1, 1)
        self.x = torch.cat([torch.from_numpy(signals[s]) for s in ids])
        self.y = torch.cat([torch.from_numpy(stages[s]) for s in ids])
        self.x = (self.x - self.mean) / (self.std + 1e-6)
        self.context = context

    def __len__(self):
        return len(self.y)

    def __getitem__(self, i):
        return self.x[i], self.y[i]
