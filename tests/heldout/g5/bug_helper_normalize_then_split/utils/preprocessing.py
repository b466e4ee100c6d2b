"""Small numpy preprocessing helpers shared by the experiment scripts."""
import numpy as np

EPS = 1e-8


def minmax_normalize(X, feature_range=(0.0, 1.0)):
    lo = X.min(axis=0)
    hi = X.max(axis=0)
    a, b = feature_range
    scaled = (X - lo) / (hi - lo + EPS)
    return scaled * (b - a) + a


def one_hot(labels, n_classes=None):
    labels = np.asarray(labels, dtype=np.int64)
    if n_classes is None:
        n_classes = int(labels.max()) + 1
    out = np.zeros((len(labels), n_classes), dtype=np.float32)
    out[np.arange(len(labels)), labels] = 1.0
    return out


def drop_nan_rows(X, y):
    keep = ~np.isnan(X).any(axis=1)
    return X[keep], y[keep]


def encode_labels(raw):
    classes = sorted(set(raw))
    mapping = {c: i for i, c in enumerate(classes)}
    return np.array([mapping[c] for c in raw], dtype=np.int64), classes


def class_weights(y, n_classes):
    counts = np.bincount(y, minlength=n_classes).astype(np.float64)
    w = counts.sum() / (n_classes * np.maximum(counts, 1))
    return w.astype(np.float32)


def clip_outliers(X, n_std=5.0):
    """Winsorize each row's entries that are far from that row's median (per-sample)."""
    med = np.median(X, axis=1, keepdims=True)
    mad = np.median(np.abs(X - med), axis=1, keepdims=True) + EPS
    return np.clip(X, med - n_std * mad, med + n_std * mad)
