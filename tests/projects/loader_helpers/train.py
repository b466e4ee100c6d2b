import numpy as np
import torch
import torch.nn.functional as F
from sklearn.model_selection import train_test_split
from torch.utils.data import DataLoader, TensorDataset, random_split

from data.loading import (
    load_reference,
    load_rows_scaled_by_themselves,
    load_scaled,
    load_split_then_scaled,
    load_standardized,
)
from evaluation import evaluate
from nets import Classifier, tower


def loaders(x_fit, x_held, y_fit, y_held):
    fit_set = TensorDataset(torch.as_tensor(x_fit), torch.as_tensor(y_fit))
    held_set = TensorDataset(torch.as_tensor(x_held), torch.as_tensor(y_held))
    return DataLoader(fit_set, batch_size=64, shuffle=True), DataLoader(held_set, batch_size=256)


def scaled_then_split(path):
    x, y = load_scaled(path)  # <- TL005
    x_fit, x_held, y_fit, y_held = train_test_split(x, y, test_size=0.2)
    model = Classifier(x.shape[1], 10)
    train_loader, val_loader = loaders(x_fit, x_held, y_fit, y_held)
    opt = torch.optim.Adam(model.parameters())
    for epoch in range(5):
        model.train()
        for xb, yb in train_loader:
            opt.zero_grad()
            F.cross_entropy(model(xb), yb).backward()
            opt.step()
        print(epoch, evaluate(model, val_loader))  # <- TL007


def standardized_then_random_split(path):
    targets, signals = load_standardized(path)  # <- TL005
    everything = TensorDataset(torch.from_numpy(signals), torch.from_numpy(targets))
    return random_split(everything, [0.9, 0.1])


def only_the_raw_targets_are_cut(path, cut):
    targets, signals = load_standardized(path)
    train_targets, test_targets = targets[:cut], targets[cut:]
    return signals, train_targets, test_targets


def split_inside_the_loader(path):
    model = tower([32, 64, 10], dropout=0.1)
    train_loader, val_loader = loaders(*load_split_then_scaled(path))
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for epoch in range(5):
        model.train()
        for xb, yb in train_loader:
            opt.zero_grad()
            F.cross_entropy(model(xb), yb).backward()
            opt.step()
        print(epoch, evaluate(model, val_loader))


def rows_scaled_by_themselves(path):
    rows, labels = load_rows_scaled_by_themselves(path)
    return train_test_split(rows, labels, test_size=0.2)


def reference_without_split(train_path, test_path):
    x_fit = load_reference(train_path)
    x_held = np.load(test_path)
    return x_fit, x_held


def score_checkpoint(state_path, loader):
    model = Classifier(16, 10)
    model.load_state_dict(torch.load(state_path))
    model.train(False)
    return evaluate(model, loader)
