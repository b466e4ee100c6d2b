import numpy as np
import torch


class MinMaxScaler:
    """Tiny torch re-implementation of sklearn's MinMaxScaler (so checkpoints stay torch-only)."""

    def __init__(self, feature_range=(-1.0, 1.0)):
        self.low, self.high = feature_range
        self.data_min = None
        self.data_max = None

    def fit(self, x):
        x = torch.as_tensor(x, dtype=torch.float32)
        self.data_min = x.min(dim=0).values
        self.data_max = x.max(dim=0).values
        return self

    def transform(self, x):
        x = torch.as_tensor(x, dtype=torch.float32)
        span = (self.data_max - self.data_min).clamp_min(1e-12)
        return (x - self.data_min) / span * (self.high - self.low) + self.low

    def fit_transform(self, x):
        return self.fit(x).transform(x)

    def state_dict(self):
        return {"min": self.data_min, "max": self.data_max, "range": (self.low, self.high)}

    def load_state_dict(self, state):
        self.data_min, self.data_max = state["min"], state["max"]
        self.low, self.high = state["range"]
        return self


def load_npz(path):
    arr = np.load(path)
    X = arr["X"].astype(np.float32)
    y = arr["y"].astype(np.float32) if "y" in arr.files else None
    return X, y
