import numpy as np
import torch


class Standardizer:
    """Column-wise z-scoring for float tensors, with a state dict for checkpoints."""

    def __init__(self, eps=1e-8):
        self.eps = eps
        self.mean = None
        self.std = None

    def fit(self, x):
        x = torch.as_tensor(x, dtype=torch.float32)
        self.mean = x.mean(dim=0)
        self.std = x.std(dim=0, unbiased=False)
        return self

    def transform(self, x):
        if self.mean is None:
            raise RuntimeError("Standardizer.transform called before fit")
        x = torch.as_tensor(x, dtype=torch.float32)
        return (x - self.mean) / (self.std + self.eps)

    def fit_transform(self, x):
        return self.fit(x).transform(x)

    def inverse_transform(self, z):
        return z * (self.std + self.eps) + self.mean

    def state_dict(self):
        return {"mean": self.mean, "std": self.std, "eps": self.eps}

    def load_state_dict(self, state):
        self.mean, self.std, self.eps = state["mean"], state["std"], state["eps"]


def load_split(npz_path):
    arr = np.load(npz_path)
    return arr["X"].astype(np.float32), arr["y"].astype(np.float32)
