import numpy as np


def split_data(X, y, train_ratio=0.8, seed=0):
    """Stratified shuffle split into train / test arrays."""
    rng = np.random.RandomState(seed)
    train_idx, test_idx = [], []
    for c in np.unique(y):
        members = np.where(y == c)[0]
        rng.shuffle(members)
        cut = int(round(train_ratio * len(members)))
        train_idx.extend(members[:cut])
        test_idx.extend(members[cut:])
    train_idx = np.array(sorted(train_idx))
    test_idx = np.array(sorted(test_idx))
    return X[train_idx], X[test_idx], y[train_idx], y[test_idx]


def batch_iter(X, y, batch_size, shuffle=True, seed=None):
    rng = np.random.RandomState(seed)
    idx = rng.permutation(len(X)) if shuffle else np.arange(len(X))
    for s in range(0, len(X), batch_size):
        b = idx[s:s + batch_size]
        yield X[b], y[b]


def confusion(y_true, y_pred, n_classes):
    m = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(m, (y_true, y_pred), 1)
    return m


def per_class_accuracy(y_true, y_pred, n_classes):
    m = confusion(y_true, y_pred, n_classes)
    totals = m.sum(axis=1)
    return np.divide(np.diag(m), totals, out=np.zeros(n_classes), where=totals > 0)


def kfold_indices(n, k=5, seed=0):
    rng = np.random.RandomState(seed)
    folds = np.array_split(rng.permutation(n), k)
    for i in range(k):
        train = np.concatenate([folds[j] for j in range(k) if j != i])
        yield train, folds[i]
