import glob
import os

import numpy as np
import torch
from torch.utils.data import Dataset


def load_features(root):
    """Loads one (n_beats, n_feats) array per patient from <root>/<patient_id>.npz."""
    feats, labels = {}, {}
    for path in sorted(glob.glob(os.path.join(root, "*.npz"))):
        pid = os.path.splitext(os.path.basename(path))[0]
        arr = np.load(path)
        feats[pid] = arr["x"].astype(np.float32)
        labels[pid] = arr["y"].astype(np.int64)
    return feats, labels


def compute_stats(feats, ids):
    stacked = np.concatenate([feats[i] for i in ids], axis=0)
    return stacked.mean(axis=0), stacked.std(axis=0) + 1e-6


class BeatDataset(Dataset):
    def __init__(self, feats, labels, ids, mean, std):
        xs = [(feats[i] - mean) / std for i in ids]
        ys = [labels[i] for i in ids]
        self.x = torch.from_numpy(np.concatenate(xs, axis=0))
        self.y = torch.from_numpy(np.concatenate(ys, axis=0))
        self.ids = list(ids)

    def __len__(self):
        return len(self.y)

    def __getitem__(self, i):
        return self.x[i], self.y[i]

    def class_counts(self, n_classes):
        return torch.bincount(self.y, minlength=n_classes)


def make_sampler_weights(dataset, n_classes):
    counts = dataset.class_counts(n_classes).float().clamp_min(1)
    w = 1.0 / counts
    return w[dataset.y]
