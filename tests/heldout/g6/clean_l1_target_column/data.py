"""Combined Cycle Power Plant: predict net hourly electrical output (PE) from ambient data."""
import numpy as np
import pandas as pd
import torch
from torch.utils.data import DataLoader, TensorDataset

FEATURES = ["AT", "V", "AP", "RH"]
TARGET = "PE"


class Standardizer:
    def fit(self, a):
        self.mean = a.mean(axis=0, keepdims=True)
        self.std = a.std(axis=0, keepdims=True) + 1e-8
        return self

    def transform(self, a):
        return ((a - self.mean) / self.std).astype(np.float32)

    def inverse(self, a):
        return a * self.std + self.mean


def load_arrays(path):
    df = pd.read_excel(path) if path.endswith(".xlsx") else pd.read_csv(path)
    X = df[FEATURES].values.astype(np.float64)
    y = df[TARGET].values.reshape(-1, 1).astype(np.float64)
    return X, y


def build_loaders(path, batch_size=64, test_frac=0.2, seed=42):
    X, y = load_arrays(path)
    idx = np.random.default_rng(seed).permutation(len(X))
    cut = int(len(X) * (1 - test_frac))
    tr, te = idx[:cut], idx[cut:]

    x_scaler = Standardizer().fit(X[tr])
    y_scaler = Standardizer().fit(y[tr])
    train_ds = TensorDataset(torch.from_numpy(x_scaler.transform(X[tr])),
                             torch.from_numpy(y_scaler.transform(y[tr])))
    test_ds = TensorDataset(torch.from_numpy(x_scaler.transform(X[te])),
                            torch.from_numpy(y_scaler.transform(y[te])))
    return (
        DataLoader(train_ds, batch_size=batch_size, shuffle=True),
        DataLoader(test_ds, batch_size=512),
        y_scaler,
    )
