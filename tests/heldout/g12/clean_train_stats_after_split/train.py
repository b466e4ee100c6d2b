import argparse
import time

import numpy as np
import torch
import torch.nn as nn
from sklearn.datasets import fetch_covtype
from torch.utils.data import DataLoader, TensorDataset

from model import TabResNet
from preprocess import class_weights, split_indices, standardize


def to_loader(x, y, bs, shuffle):
    ds = TensorDataset(torch.from_numpy(x), torch.from_numpy(y).long())
    return DataLoader(ds, batch_size=bs, shuffle=shuffle, drop_last=shuffle)


def accuracy(model, loader, device):
    model.eval()
    hits = n = 0
    with torch.no_grad():
        for xb, yb in loader:
            pred = model(xb.to(device)).argmax(-1).cpu()
            hits += (pred == yb).sum().item()
            n += yb.numel()
    return hits / n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=40)
    ap.add_argument("--bs", type=int, default=512)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--depth", type=int, default=4)
    ap.add_argument("--seed", type=int, default=17)
    args = ap.parse_args()
    torch.manual_seed(args.seed)

    data = fetch_covtype()
    X, y = data.data, data.target - 1
    num_classes = int(y.max()) + 1

    tr_idx, va_idx, te_idx = split_indices(len(X), seed=args.seed)
    X_tr, stats = standardize(X[tr_idx])
    X_va, _ = standardize(X[va_idx], stats)
    X_te, _ = standardize(X[te_idx], stats)
    y_tr, y_va, y_te = y[tr_idx], y[va_idx], y[te_idx]

    train_dl = to_loader(X_tr, y_tr, args.bs, True)
    val_dl = to_loader(X_va, y_va, 4096, False)
    test_dl = to_loader(X_te, y_te, 4096, False)

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    clf = TabResNet(X.shape[1], num_classes, depth=args.depth).to(device)
    weights = torch.from_numpy(class_weights(y_tr, num_classes)).to(device)
    criterion = nn.CrossEntropyLoss(weight=weights)
    optimizer = torch.optim.AdamW(clf.parameters(), lr=args.lr, weight_decay=1e-5)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=args.lr,
                                                    epochs=args.epochs, steps_per_epoch=len(train_dl))

    best_va, best_state = 0.0, None
    for epoch in range(args.epochs):
        clf.train()
        start, tot = time.time(), 0.0
        for xb, yb in train_dl:
            xb, yb = xb.to(device), yb.to(device)
            optimizer.zero_grad()
            loss = criterion(clf(xb), yb)
            loss.backward()
            optimizer.step()
            scheduler.step()
            tot += loss.item()
        va = accuracy(clf, val_dl, device)
        if va > best_va:
            best_va = va
            best_state = {k: v.cpu().clone() for k, v in clf.state_dict().items()}
        print(f"epoch {epoch:02d} loss {tot / len(train_dl):.4f} val_acc {va:.4f} ({time.time() - start:.1f}s)")

    clf.load_state_dict(best_state)
    print(f"val {best_va:.4f} test {accuracy(clf, test_dl, device):.4f}")
    np.savez("covtype_stats.npz", mean=stats.mean, std=stats.std)


if __name__ == "__main__":
    main()
