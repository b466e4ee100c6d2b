import argparse

import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, random_split

from data import load_tabular


class MLP(nn.Module):
    def __init__(self, in_dim, hidden=(256, 128, 64), p=0.2):
        super().__init__()
        layers, d = [], in_dim
        for h in hidden:
            layers += [nn.Linear(d, h), nn.BatchNorm1d(h), nn.SiLU(), nn.Dropout(p)]
            d = h
        layers.append(nn.Linear(d, 1))
        self.net = nn.Sequential(*layers)

    def forward(self, x):
        return self.net(x)


def rmse(model, loader, device):
    model.eval()
    se, n = 0.0, 0
    with torch.no_grad():
        for xb, yb in loader:
            xb, yb = xb.to(device), yb.to(device)
            se += ((model(xb) - yb) ** 2).sum().item()
            n += yb.numel()
    return (se / n) ** 0.5


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--csv", default="input/house-prices/train.csv")
    ap.add_argument("--epochs", type=int, default=200)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--bs", type=int, default=64)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    device = "cuda" if torch.cuda.is_available() else "cpu"

    dataset, n_features = load_tabular(args.csv)  # <- TL005
    n_test = int(0.15 * len(dataset))
    n_val = int(0.15 * len(dataset))
    n_train = len(dataset) - n_val - n_test
    train_ds, val_ds, test_ds = random_split(
        dataset, [n_train, n_val, n_test], generator=torch.Generator().manual_seed(args.seed)
    )

    train_dl = DataLoader(train_ds, batch_size=args.bs, shuffle=True, drop_last=True)
    val_dl = DataLoader(val_ds, batch_size=512)
    test_dl = DataLoader(test_ds, batch_size=512)

    model = MLP(n_features).to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode="min", factor=0.5, patience=10)
    loss_fn = nn.MSELoss()

    best_val, best_state = float("inf"), None
    for epoch in range(args.epochs):
        model.train()
        for xb, yb in train_dl:
            xb, yb = xb.to(device), yb.to(device)
            opt.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()

        val_rmse = rmse(model, val_dl, device)
        sched.step(val_rmse)
        if val_rmse < best_val:
            best_val = val_rmse
            best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
        if epoch % 20 == 0:
            print(f"epoch {epoch:3d}  val RMSE(log) {val_rmse:.4f}")

    model.load_state_dict(best_state)
    print(f"best val RMSE {best_val:.4f} | test RMSE {rmse(model, test_dl, device):.4f}")


if __name__ == "__main__":
    main()
