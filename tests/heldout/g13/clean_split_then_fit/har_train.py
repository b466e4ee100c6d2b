"""1D-CNN for human activity recognition on raw inertial windows (UCI-HAR layout)."""
import argparse
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

SIGNALS = [
    "body_acc_x", "body_acc_y", "body_acc_z",
    "body_gyro_x", "body_gyro_y", "body_gyro_z",
    "total_acc_x", "total_acc_y", "total_acc_z",
]


def load_split(root, split):
    chans = [np.loadtxt(os.path.join(root, split, "Inertial Signals", f"{s}_{split}.txt"))
             for s in SIGNALS]
    X = np.stack(chans, axis=-1).astype(np.float32)            # N x 128 x 9
    y = np.loadtxt(os.path.join(root, split, f"y_{split}.txt")).astype(np.int64) - 1
    subj = np.loadtxt(os.path.join(root, split, f"subject_{split}.txt")).astype(np.int64)
    return X, y, subj


def normalize(x, stats=None):
    if stats is None:
        stats = (x.mean(axis=(0, 1)), x.std(axis=(0, 1)) + 1e-8)
    mu, sigma = stats
    return ((x - mu) / sigma).astype(np.float32), stats


def subject_holdout(X, y, subjects, n_val_subjects=4, seed=0):
    """Hold out whole subjects for validation; normalisation stats come from the rest."""
    rng = np.random.default_rng(seed)
    val_subj = rng.choice(np.unique(subjects), size=n_val_subjects, replace=False)
    is_val = np.isin(subjects, val_subj)
    X_fit, y_fit = X[~is_val], y[~is_val]
    X_val, y_val = X[is_val], y[is_val]
    X_fit, stats = normalize(X_fit)
    X_val, _ = normalize(X_val, stats)
    return (X_fit, y_fit), (X_val, y_val), stats


class HARNet(nn.Module):
    def __init__(self, in_ch=9, n_classes=6, width=64, p=0.3):
        super().__init__()
        self.conv1 = nn.Conv1d(in_ch, width, 7, padding=3)
        self.bn1 = nn.BatchNorm1d(width)
        self.conv2 = nn.Conv1d(width, width * 2, 5, padding=2)
        self.bn2 = nn.BatchNorm1d(width * 2)
        self.conv3 = nn.Conv1d(width * 2, width * 2, 3, padding=1)
        self.bn3 = nn.BatchNorm1d(width * 2)
        self.drop = nn.Dropout(p)
        self.fc = nn.Linear(width * 2, n_classes)

    def forward(self, x):                      # x: B x T x C
        x = x.transpose(1, 2)
        x = F.max_pool1d(F.relu(self.bn1(self.conv1(x))), 2)
        x = F.max_pool1d(F.relu(self.bn2(self.conv2(x))), 2)
        x = F.relu(self.bn3(self.conv3(x)))
        return self.fc(self.drop(x.mean(-1)))


def accuracy(net, dl, device):
    net.eval()
    hit = tot = 0
    with torch.no_grad():
        for xb, yb in dl:
            hit += (net(xb.to(device)).argmax(1).cpu() == yb).sum().item()
            tot += len(yb)
    return hit / tot


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default="UCI HAR Dataset")
    ap.add_argument("--epochs", type=int, default=40)
    ap.add_argument("--bs", type=int, default=64)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    torch.manual_seed(args.seed)
    device = "cuda" if torch.cuda.is_available() else "cpu"

    X, y, subj = load_split(args.root, "train")
    (X_tr, y_tr), (X_val, y_val), stats = subject_holdout(X, y, subj, seed=args.seed)
    X_test, y_test, _ = load_split(args.root, "test")
    X_test, _ = normalize(X_test, stats=stats)

    mk = lambda a, b, shuffle: DataLoader(TensorDataset(torch.from_numpy(a), torch.from_numpy(b)),
                                          batch_size=args.bs, shuffle=shuffle)
    train_dl, val_dl, test_dl = mk(X_tr, y_tr, True), mk(X_val, y_val, False), mk(X_test, y_test, False)

    net = HARNet().to(device)
    opt = torch.optim.Adam(net.parameters(), lr=args.lr)
    sched = torch.optim.lr_scheduler.MultiStepLR(opt, milestones=[20, 30], gamma=0.2)

    best_val, best_path = 0.0, "harnet_best.pt"
    for epoch in range(args.epochs):
        net.train()
        running = 0.0
        for xb, yb in train_dl:
            xb, yb = xb.to(device), yb.to(device)
            opt.zero_grad()
            loss = F.cross_entropy(net(xb), yb)
            loss.backward()
            opt.step()
            running += loss.item() * len(yb)
        sched.step()
        val_acc = accuracy(net, val_dl, device)
        print(f"[{epoch:02d}] loss {running / len(train_dl.dataset):.4f} val {val_acc:.4f}")
        if val_acc > best_val:
            best_val = val_acc
            torch.save({"net": net.state_dict(), "mean": stats[0], "std": stats[1]}, best_path)

    net.load_state_dict(torch.load(best_path, weights_only=False)["net"])
    print(f"best val {best_val:.4f}  test {accuracy(net, test_dl, device):.4f}")


if __name__ == "__main__":
    main()
