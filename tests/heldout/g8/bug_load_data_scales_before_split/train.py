import argparse
import logging

import numpy as np
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split
from torch.utils.data import DataLoader

from dataprep import TabularDataset, load_data

logging.basicConfig(level=logging.INFO, format="%(levelname)s:%(name)s: %(message)s")
log = logging.getLogger("housing")


class MLPRegressor(nn.Module):
    def __init__(self, in_dim, hidden=(256, 128, 64), p=0.1):
        super().__init__()
        layers, d = [], in_dim
        for h in hidden:
            layers += [nn.Linear(d, h), nn.BatchNorm1d(h), nn.SiLU(), nn.Dropout(p)]
            d = h
        layers.append(nn.Linear(d, 1))
        self.net = nn.Sequential(*layers)

    def forward(self, x):
        return self.net(x)


def run_epoch(model, loader, loss_fn, device, opt=None):
    train = opt is not None
    model.train(train)
    total, count = 0.0, 0
    with torch.set_grad_enabled(train):
        for xb, yb in loader:
            xb, yb = xb.to(device), yb.to(device)
            pred = model(xb)
            loss = loss_fn(pred, yb)
            if train:
                opt.zero_grad()
                loss.backward()
                opt.step()
            total += loss.item() * xb.size(0)
            count += xb.size(0)
    return total / count


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--csv", default="housing.csv")
    ap.add_argument("--epochs", type=int, default=100)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--batch-size", type=int, default=256)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    torch.manual_seed(args.seed)

    X, y, names, scaler = load_data(args.csv)  # <- TL005
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2, random_state=args.seed)
    X_tr, X_va, y_tr, y_va = train_test_split(X_tr, y_tr, test_size=0.1, random_state=args.seed)
    log.info("train %d | val %d | test %d", len(X_tr), len(X_va), len(X_te))

    device = "cuda" if torch.cuda.is_available() else "cpu"
    train_dl = DataLoader(TabularDataset(X_tr, y_tr), batch_size=args.batch_size, shuffle=True)
    val_dl = DataLoader(TabularDataset(X_va, y_va), batch_size=1024)
    test_dl = DataLoader(TabularDataset(X_te, y_te), batch_size=1024)

    model = MLPRegressor(len(names)).to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=args.epochs)
    loss_fn = nn.MSELoss()

    best_val, best_state = np.inf, None
    for epoch in range(args.epochs):
        tr = run_epoch(model, train_dl, loss_fn, device, opt)
        va = run_epoch(model, val_dl, loss_fn, device)
        sched.step()
        if va < best_val:
            best_val = va
            best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
        if epoch % 10 == 0:
            log.info("epoch %3d train_mse %.4f val_mse %.4f", epoch, tr, va)

    model.load_state_dict(best_state)
    te = run_epoch(model, test_dl, loss_fn, device)
    log.info("test rmse (log target): %.4f", np.sqrt(te))


if __name__ == "__main__":
    main()
