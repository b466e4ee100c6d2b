"""MLP regression baseline on the UCI energy-efficiency data (heating load)."""
import argparse
import os
import time

import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="data/energy_efficiency.txt")
    p.add_argument("--train-frac", type=float, default=0.9)
    p.add_argument("--hidden", type=int, default=128)
    p.add_argument("--epochs", type=int, default=200)
    p.add_argument("--bs", type=int, default=64)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--wd", type=float, default=1e-5)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", default="runs/energy")
    return p.parse_args()


class MLP(nn.Module):
    def __init__(self, d_in, hidden, n_layers=2, p_drop=0.1):
        super().__init__()
        layers = []
        d = d_in
        for _ in range(n_layers):
            layers += [nn.Linear(d, hidden), nn.ReLU(), nn.Dropout(p_drop)]
            d = hidden
        layers.append(nn.Linear(d, 1))
        self.net = nn.Sequential(*layers)

    def forward(self, x):
        return self.net(x).squeeze(-1)


def rmse(net, loader, device):
    net.eval()
    se, n = 0.0, 0
    with torch.no_grad():
        for xb, yb in loader:
            xb, yb = xb.to(device), yb.to(device)
            se += ((net(xb) - yb) ** 2).sum().item()
            n += yb.numel()
    return (se / n) ** 0.5


def main():
    args = parse_args()
    rng = np.random.default_rng(args.seed)
    torch.manual_seed(args.seed)
    device = "cuda" if torch.cuda.is_available() else "cpu"

    data = np.loadtxt(args.data, delimiter=",", skiprows=1)
    data = data[rng.permutation(len(data))]
    X, y = data[:, :8].astype(np.float32), data[:, 8].astype(np.float32)

    mu, sigma = X.mean(axis=0), X.std(axis=0) + 1e-8  # EXPECT: TL005  # <- TL005
    X = (X - mu) / sigma

    n_train = int(args.train_frac * len(X))
    X_train, X_test = X[:n_train], X[n_train:]
    y_train, y_test = y[:n_train], y[n_train:]
    print(f"train={len(X_train)} test={len(X_test)}")

    train_loader = DataLoader(TensorDataset(torch.from_numpy(X_train), torch.from_numpy(y_train)),
                              batch_size=args.bs, shuffle=True)
    test_loader = DataLoader(TensorDataset(torch.from_numpy(X_test), torch.from_numpy(y_test)),
                             batch_size=256)

    net = MLP(X.shape[1], args.hidden).to(device)
    opt = torch.optim.Adam(net.parameters(), lr=args.lr, weight_decay=args.wd)
    crit = nn.MSELoss()

    os.makedirs(args.out, exist_ok=True)
    best = float("inf")
    t0 = time.time()
    for epoch in range(1, args.epochs + 1):
        net.train()
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            opt.zero_grad()
            loss = crit(net(xb), yb)
            loss.backward()
            opt.step()
        if epoch % 10 == 0:
            tr, te = rmse(net, train_loader, device), rmse(net, test_loader, device)
            print(f"epoch {epoch:4d} train_rmse {tr:.4f} test_rmse {te:.4f} ({time.time() - t0:.0f}s)")
            if te < best:
                best = te
                torch.save(net.state_dict(), os.path.join(args.out, "best.pt"))
    print(f"best test rmse: {best:.4f}")


if __name__ == "__main__":
    main()
