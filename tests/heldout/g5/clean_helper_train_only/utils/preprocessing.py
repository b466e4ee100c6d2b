"""numpy preprocessing helpers."""
import numpy as np

EPS = 1e-8


def standardize(x):
    mean = x.mean(axis=0)
    std = x.std(axis=0) + EPS
    return (x - mean) / std, mean, std


def apply_standardize(x, mean, std):
    return (x - mean) / std


def log_transform(x, cols):
    x = x.copy()
    x[:, cols] = np.log1p(np.clip(x[:, cols], 0, None))
    return x


def encode_labels(raw):
    classes = sorted(set(raw))
    lookup = {c: i for i, c in enumerate(classes)}
    return np.array([lookup[c] for c in raw], dtype=np.int64), classes


def skewed_columns(names):
    keys = ("Area", "Perimeter", "ConvexArea", "EquivDiameter")
    return [i for i, n in enumerate(names) if n in keys]


def drop_duplicates(X, y):
    _, keep = np.unique(X, axis=0, return_index=True)
    keep = np.sort(keep)
    return X[keep], y[keep]


def class_weights(y, n_classes):
    counts = np.bincount(y, minlength=n_classes).astype(np.float64)
    return (counts.sum() / (n_classes * np.maximum(counts, 1))).astype(np.float32)
