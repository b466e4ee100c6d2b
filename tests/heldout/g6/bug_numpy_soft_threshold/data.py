import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset


def load_expression(path, min_mean=1.0, top_k=5000):
    """Load a (samples x genes) count matrix and keep the most variable genes."""
    arr = np.load(path)
    counts = arr["counts"].astype(np.float32)
    keep = counts.mean(axis=0) >= min_mean
    counts = counts[:, keep]
    logc = np.log1p(counts)
    var = logc.var(axis=0)
    top = np.argsort(var)[::-1][:top_k]
    logc = logc[:, np.sort(top)]
    mu = logc.mean(axis=0, keepdims=True)
    sd = logc.std(axis=0, keepdims=True) + 1e-6
    return ((logc - mu) / sd).astype(np.float32)


class ExpressionDataset(Dataset):
    def __init__(self, matrix, noise_std=0.0):
        self.x = torch.from_numpy(matrix)
        self.noise_std = noise_std

    def __len__(self):
        return self.x.shape[0]

    def __getitem__(self, idx):
        clean = self.x[idx]
        if self.noise_std > 0:
            noisy = clean + self.noise_std * torch.randn_like(clean)
        else:
            noisy = clean
        return noisy, clean


def make_loaders(path, batch_size=128, val_frac=0.1, noise_std=0.1, seed=0):
    matrix = load_expression(path)  # <- TL005 (a second, real leak the writer did not label)
    rng = np.random.default_rng(seed)
    perm = rng.permutation(len(matrix))
    n_val = int(len(matrix) * val_frac)
    val_m, train_m = matrix[perm[:n_val]], matrix[perm[n_val:]]
    train_loader = DataLoader(ExpressionDataset(train_m, noise_std), batch_size=batch_size,
                              shuffle=True, drop_last=True)
    val_loader = DataLoader(ExpressionDataset(val_m), batch_size=batch_size)
    return train_loader, val_loader, matrix.shape[1]
