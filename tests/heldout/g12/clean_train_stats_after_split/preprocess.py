"""Feature preprocessing for the Covertype experiments."""
from dataclasses import dataclass

import numpy as np

# first 10 columns of covtype are continuous, the rest are one-hot (wilderness / soil type)
N_CONTINUOUS = 10


@dataclass
class Stats:
    mean: np.ndarray
    std: np.ndarray


def fit_stats(x, eps=1e-6):
    return Stats(mean=x.mean(axis=0), std=x.std(axis=0) + eps)


def standardize(x, stats=None):
    """Standardizes the continuous block. Fits stats on `x` if none are given.

    Returns (x_standardized, stats) so the same stats can be reused on other splits.
    """
    x = x.astype(np.float32, copy=True)
    cont = x[:, :N_CONTINUOUS]
    if stats is None:
        stats = fit_stats(cont)
    x[:, :N_CONTINUOUS] = (cont - stats.mean) / stats.std
    return x, stats


def split_indices(n, val_frac=0.1, test_frac=0.2, seed=0):
    rng = np.random.default_rng(seed)
    perm = rng.permutation(n)
    n_test = int(n * test_frac)
    n_val = int(n * val_frac)
    return perm[n_test + n_val:], perm[n_test:n_test + n_val], perm[:n_test]


def class_weights(y, num_classes):
    counts = np.bincount(y, minlength=num_classes).astype(np.float64)
    w = counts.sum() / (num_classes * np.maximum(counts, 1))
    return w.astype(np.float32)
