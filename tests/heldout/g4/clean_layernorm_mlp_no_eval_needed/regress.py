"""California housing regression with a residual MLP (LayerNorm, no dropout)."""
import argparse

import numpy as np
import torch
import torch.nn as nn
from sklearn.datasets import fetch_california_housing
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from torch.utils.data import DataLoader, TensorDataset


class ResBlock(nn.Module):
    def __init__(self, dim, expansion=2):
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.ff = nn.Sequential(
            nn.Linear(dim, dim * expansion),
            nn.GELU(),
            nn.Linear(dim * expansion, dim),
        )

    def forward(self, x):
        return x + self.ff(self.norm(x))


class ResMLP(nn.Module):
    def __init__(self, d_in, width=128, depth=4):
        super().__init__()
        self.stem = nn.Linear(d_in, width)
        self.blocks = nn.Sequential(*[ResBlock(width) for _ in range(depth)])
        self.norm = nn.LayerNorm(width)
        self.head = nn.Linear(width, 1)

    def forward(self, x):
        return self.head(self.norm(self.blocks(self.stem(x)))).squeeze(-1)


def to_loader(x, y, bs, shuffle):
    ds = TensorDataset(torch.tensor(x, dtype=torch.float32), torch.tensor(y, dtype=torch.float32))
    return DataLoader(ds, batch_size=bs, shuffle=shuffle)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=100)
    ap.add_argument("--bs", type=int, default=256)
    ap.add_argument("--lr", type=float, default=1e-3)
    args = ap.parse_args()

    X, y = fetch_california_housing(return_X_y=True)
    X_tr, X_va, y_tr, y_va = train_test_split(X, y, test_size=0.2, random_state=0)
    scaler = StandardScaler().fit(X_tr)
    X_tr, X_va = scaler.transform(X_tr), scaler.transform(X_va)
    y_mean, y_std = y_tr.mean(), y_tr.std()
    train_dl = to_loader(X_tr, (y_tr - y_mean) / y_std, args.bs, True)
    val_dl = to_loader(X_va, (y_va - y_mean) / y_std, 1024, False)

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    net = ResMLP(X.shape[1]).to(device)
    opt = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=args.epochs)
    crit = nn.MSELoss()

    best_rmse = np.inf
    for epoch in range(args.epochs):
        tr_loss = 0.0
        for xb, yb in train_dl:
            xb, yb = xb.to(device), yb.to(device)
            opt.zero_grad()
            loss = crit(net(xb), yb)
            loss.backward()
            opt.step()
            tr_loss += loss.item() * xb.size(0)
        sched.step()

        se = 0.0
        with torch.no_grad():
            for xb, yb in val_dl:
                xb, yb = xb.to(device), yb.to(device)
                pred = net(xb) * y_std + y_mean
                se += ((pred - (yb * y_std + y_mean)) ** 2).sum().item()
        rmse = float(np.sqrt(se / len(val_dl.dataset)))
        if rmse < best_rmse:
            best_rmse = rmse
            torch.save(net.state_dict(), "resmlp_housing.pt")
        if epoch % 10 == 0 or epoch == args.epochs - 1:
            print(f"epoch {epoch:3d} train_mse {tr_loss / len(train_dl.dataset):.4f} val_rmse {rmse:.4f}")

    print(f"best val RMSE: {best_rmse:.4f} (x100k USD)")


if __name__ == "__main__":
    main()
