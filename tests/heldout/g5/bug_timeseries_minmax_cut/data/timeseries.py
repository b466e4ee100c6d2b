import numpy as np
import pandas as pd
import torch
from torch.utils.data import Dataset


class WindowDataset(Dataset):
    """(input window, next-horizon target) pairs from a 2-D array [time, channels]."""

    def __init__(self, values, window, horizon, target_col=0):
        self.values = torch.as_tensor(values, dtype=torch.float32)
        self.window = window
        self.horizon = horizon
        self.target_col = target_col

    def __len__(self):
        return len(self.values) - self.window - self.horizon + 1

    def __getitem__(self, i):
        x = self.values[i:i + self.window]
        y = self.values[i + self.window:i + self.window + self.horizon, self.target_col]
        return x, y


def _read_csv(path, columns):
    df = pd.read_csv(path, parse_dates=["date"]).sort_values("date")
    df = df.set_index("date")[columns]
    df = df.interpolate(limit_direction="both")
    return df.values.astype(np.float32)


def load_series(path, columns, window=96, horizon=24, train_frac=0.7, val_frac=0.1):
    values = _read_csv(path, columns)

    lo, hi = values.min(axis=0), values.max(axis=0)  # EXPECT: TL005  # <- TL005
    values = (values - lo) / (hi - lo + 1e-7)

    n = len(values)
    n_train = int(n * train_frac)
    n_val = int(n * val_frac)
    train = values[:n_train]
    val = values[n_train - window:n_train + n_val]
    test = values[n_train + n_val - window:]

    splits = {
        "train": WindowDataset(train, window, horizon),
        "val": WindowDataset(val, window, horizon),
        "test": WindowDataset(test, window, horizon),
    }
    scale = {"lo": lo, "hi": hi}
    return splits, scale
