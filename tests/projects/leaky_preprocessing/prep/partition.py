import numpy as np


def holdout(features, labels, fraction=0.25, seed=0):
    order = np.random.default_rng(seed).permutation(len(features))
    k = int(len(features) * (1 - fraction))
    fit_rows, held_rows = order[:k], order[k:]
    return features[fit_rows], features[held_rows], labels[fit_rows], labels[held_rows]


def columns(features, k):
    return features[:, :k], features[:, k:]


def rescale(features):
    low = features.min(axis=0)
    high = features.max(axis=0)
    return (features - low) / (high - low + 1e-9)
