import numpy as np
import pandas as pd
import torch
from torch.utils.data import TensorDataset


class Standardizer:
    """Minimal numpy StandardScaler that can be pickled with the checkpoint."""

    def __init__(self, eps=1e-8):
        self.eps = eps
        self.mean_ = None
        self.std_ = None

    def fit(self, x):
        self.mean_ = x.mean(axis=0)
        self.std_ = x.std(axis=0) + self.eps
        return self

    def transform(self, x):
        if self.mean_ is None:
            raise RuntimeError("Standardizer.fit must be called before transform")
        return (x - self.mean_) / self.std_

    def fit_transform(self, x):
        return self.fit(x).transform(x)

    def state_dict(self):
        return {"mean": self.mean_, "std": self.std_}


def read_table(path, target="default"):
    df = pd.read_csv(path)
    df = df.drop(columns=[c for c in ("id", "ID") if c in df.columns])
    y = df.pop(target).to_numpy(dtype=np.int64)
    X = df.select_dtypes(include=[np.number]).to_numpy(dtype=np.float32)
    return X, y


def stratified_split(y, val_frac=0.15, test_frac=0.15, seed=0):
    rng = np.random.default_rng(seed)
    train_idx, val_idx, test_idx = [], [], []
    for cls in np.unique(y):
        idx = rng.permutation(np.flatnonzero(y == cls))
        n_val, n_test = int(len(idx) * val_frac), int(len(idx) * test_frac)
        val_idx.extend(idx[:n_val])
        test_idx.extend(idx[n_val:n_val + n_test])
        train_idx.extend(idx[n_val + n_test:])
    return np.array(train_idx), np.array(val_idx), np.array(test_idx)


def prepare_splits(path, seed=0):
    X, y = read_table(path)
    tr, va, te = stratified_split(y, seed=seed)
    scaler = Standardizer()
    X_tr = scaler.fit_transform(X[tr])
    X_va = scaler.transform(X[va])
    X_te = scaler.transform(X[te])

    def ds(a, b):
        return TensorDataset(torch.from_numpy(a.astype(np.float32)), torch.from_numpy(b))

    return ds(X_tr, y[tr]), ds(X_va, y[va]), ds(X_te, y[te]), scaler
