import numpy as np
import pandas as pd
import torch
from torch.utils.data import Dataset

FEATURES = [
    "fixed acidity", "volatile acidity", "citric acid", "residual sugar", "chlorides",
    "free sulfur dioxide", "total sulfur dioxide", "density", "pH", "sulphates", "alcohol",
]


def load_frame(path):
    df = pd.read_csv(path, sep=";")
    x = df[FEATURES].values.astype(np.float32)
    y = df["quality"].values.astype(np.float32)
    return x, y


class TabularDataset(Dataset):
    """Standardized feature matrix.

    Pass ``mean``/``std`` (e.g. from the training dataset) to reuse statistics;
    otherwise they are estimated from ``features``.
    """

    def __init__(self, features, targets, mean=None, std=None, eps=1e-6):
        features = torch.as_tensor(features, dtype=torch.float32)
        if mean is None or std is None:
            mean = features.mean(dim=0)
            std = features.std(dim=0).clamp_min(eps)
        self.mean, self.std = mean, std
        self.x = (features - self.mean) / self.std
        self.y = torch.as_tensor(targets, dtype=torch.float32)

    def __len__(self):
        return self.x.shape[0]

    def __getitem__(self, idx):
        return self.x[idx], self.y[idx]

    @property
    def stats(self):
        return {"mean": self.mean, "std": self.std}


def stratified_indices(y, val_frac, seed):
    rng = np.random.default_rng(seed)
    tr, va = [], []
    for v in np.unique(y):
        idx = np.flatnonzero(y == v)
        rng.shuffle(idx)
        k = int(round(len(idx) * val_frac))
        va.extend(idx[:k])
        tr.extend(idx[k:])
    return np.array(tr), np.array(va)
