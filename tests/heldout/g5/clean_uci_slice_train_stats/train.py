"""Concrete compressive strength regression (UCI) with a small MLP ensemble."""
import argparse
import os

import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="data/Concrete_Data.csv")
    p.add_argument("--n-test", type=int, default=130)
    p.add_argument("--members", type=int, default=5)
    p.add_argument("--epochs", type=int, default=400)
    p.add_argument("--bs", type=int, default=32)
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", default="runs/concrete")
    return p.parse_args()


def make_net(d_in, hidden=64):
    return nn.Sequential(nn.Linear(d_in, hidden), nn.Tanh(), nn.Linear(hidden, hidden), nn.Tanh(),
                         nn.Linear(hidden, 1))


def train_member(X_tr, y_tr, args, seed, device):
    torch.manual_seed(seed)
    net = make_net(X_tr.shape[1]).to(device)
    opt = torch.optim.Adam(net.parameters(), lr=args.lr)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=150, gamma=0.3)
    crit = nn.MSELoss()
    dl = DataLoader(TensorDataset(torch.from_numpy(X_tr), torch.from_numpy(y_tr)),
                    batch_size=args.bs, shuffle=True)
    for _ in range(args.epochs):
        net.train()
        for xb, yb in dl:
            xb, yb = xb.to(device), yb.to(device)
            opt.zero_grad()
            loss = crit(net(xb).squeeze(-1), yb)
            loss.backward()
            opt.step()
        sched.step()
    return net


def main():
    args = parse_args()
    device = "cuda" if torch.cuda.is_available() else "cpu"
    rng = np.random.default_rng(args.seed)

    df = pd.read_csv(args.data)
    data = df.values.astype(np.float32)
    data = data[rng.permutation(len(data))]
    X, y = data[:, :-1], data[:, -1]

    n_train = len(X) - args.n_test
    mu, sigma = X[:n_train].mean(axis=0), X[:n_train].std(axis=0) + 1e-8
    y_mu, y_sigma = y[:n_train].mean(), y[:n_train].std()
    X = (X - mu) / sigma
    y = (y - y_mu) / y_sigma

    X_train, X_test = X[:n_train], X[n_train:]
    y_train, y_test = y[:n_train], y[n_train:]
    print(f"train={len(X_train)} test={len(X_test)}")

    nets = [train_member(X_train, y_train, args, args.seed + m, device) for m in range(args.members)]

    xt = torch.from_numpy(X_test).to(device)
    with torch.no_grad():
        preds = torch.stack([net.eval()(xt).squeeze(-1) for net in nets]).cpu().numpy()
    mean_pred = preds.mean(0) * y_sigma + y_mu
    y_true = y_test * y_sigma + y_mu
    rmse = float(np.sqrt(np.mean((mean_pred - y_true) ** 2)))
    print(f"ensemble test RMSE: {rmse:.3f} MPa")

    os.makedirs(args.out, exist_ok=True)
    torch.save({"members": [n.state_dict() for n in nets], "mu": mu, "sigma": sigma,
                "y_mu": y_mu, "y_sigma": y_sigma}, os.path.join(args.out, "ensemble.pt"))


if __name__ == "__main__":
    main()
