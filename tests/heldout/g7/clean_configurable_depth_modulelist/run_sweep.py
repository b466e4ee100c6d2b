"""Depth sweep for sigmoid MLPs on synthetic regression (see notebook 03)."""
import argparse
import csv

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset


class SigmoidMLP(nn.Module):
    def __init__(self, d_in, width, depth, d_out=1):
        super().__init__()
        self.stem = nn.Linear(d_in, width)
        self.hidden = nn.ModuleList([nn.Linear(width, width) for _ in range(depth - 1)])
        self.out = nn.Linear(width, d_out)

    def forward(self, x):
        x = F.sigmoid(self.stem(x))
        for lin in self.hidden:
            x = F.sigmoid(lin(x))
        return self.out(x)


def make_dataset(n, d, noise, seed):
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, d, generator=g)
    w = torch.randn(d, 1, generator=g)
    y = torch.sin(X @ w) + 0.1 * (X ** 2).sum(1, keepdim=True) + noise * torch.randn(n, 1, generator=g)
    return X, y


def train_one(depth, args, device):
    X, y = make_dataset(args.n, args.dim, args.noise, args.seed)
    Xv, yv = make_dataset(2000, args.dim, args.noise, args.seed + 1)
    loader = DataLoader(TensorDataset(X, y), batch_size=args.bs, shuffle=True)

    model = SigmoidMLP(args.dim, args.width, depth).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    mse = nn.MSELoss()

    for epoch in range(args.epochs):
        model.train()
        for xb, yb in loader:
            xb, yb = xb.to(device), yb.to(device)
            opt.zero_grad()
            loss = mse(model(xb), yb)
            loss.backward()
            opt.step()

    model.eval()
    with torch.no_grad():
        val = mse(model(Xv.to(device)), yv.to(device)).item()
    first_grad = model.stem.weight.grad.norm().item()
    return val, first_grad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--depth", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--width", type=int, default=64)
    ap.add_argument("--dim", type=int, default=16)
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--noise", type=float, default=0.05)
    ap.add_argument("--bs", type=int, default=128)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--csv", default="depth_sweep.csv")
    args = ap.parse_args()

    device = "cuda" if torch.cuda.is_available() else "cpu"
    rows = []
    for depth in args.depth:
        val, g = train_one(depth, args, device)
        print(f"depth={depth:2d}  val_mse={val:.4f}  |grad stem|={g:.2e}")
        rows.append((depth, val, g))

    with open(args.csv, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["depth", "val_mse", "stem_grad_norm"])
        writer.writerows(rows)


if __name__ == "__main__":
    main()
