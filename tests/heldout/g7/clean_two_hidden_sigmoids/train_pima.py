# Pima Indians diabetes: classic two-hidden-layer sigmoid network (replicating the 1990s baselines)
import argparse
import json

import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

COLUMNS = ["preg", "plas", "pres", "skin", "insu", "mass", "pedi", "age", "class"]


def load(path, seed):
    data = np.loadtxt(path, delimiter=",", dtype=np.float32)
    rng = np.random.default_rng(seed)
    rng.shuffle(data)
    X, y = data[:, :-1], data[:, -1]
    mu, sd = X.mean(0), X.std(0) + 1e-6
    X = (X - mu) / sd
    split = int(0.8 * len(X))
    return (X[:split], y[:split]), (X[split:], y[split:])


class PimaNet(nn.Module):
    def __init__(self, n_in=8, h1=12, h2=8):
        super().__init__()
        self.layers = nn.Sequential(
            nn.Linear(n_in, h1),
            nn.Sigmoid(),
            nn.Linear(h1, h2),
            nn.Sigmoid(),
            nn.Linear(h2, 1),
        )

    def forward(self, x):
        return self.layers(x).squeeze(1)


def accuracy(net, X, y):
    net.eval()
    with torch.no_grad():
        prob = torch.sigmoid(net(torch.from_numpy(X)))
    return ((prob > 0.5).float().numpy() == y).mean()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--csv", default="pima-indians-diabetes.csv")
    ap.add_argument("--epochs", type=int, default=150)
    ap.add_argument("--batch", type=int, default=10)
    ap.add_argument("--lr", type=float, default=0.01)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    torch.manual_seed(args.seed)
    (X_tr, y_tr), (X_te, y_te) = load(args.csv, args.seed)
    loader = DataLoader(
        TensorDataset(torch.from_numpy(X_tr), torch.from_numpy(y_tr)),
        batch_size=args.batch,
        shuffle=True,
    )

    net = PimaNet()
    opt = torch.optim.Adam(net.parameters(), lr=args.lr)
    crit = nn.BCEWithLogitsLoss()

    history = []
    for epoch in range(args.epochs):
        net.train()
        epoch_loss = 0.0
        for xb, yb in loader:
            opt.zero_grad()
            loss = crit(net(xb), yb)
            loss.backward()
            opt.step()
            epoch_loss += loss.item() * len(xb)
        epoch_loss /= len(X_tr)
        if epoch % 10 == 0:
            acc = accuracy(net, X_te, y_te)
            history.append({"epoch": epoch, "loss": epoch_loss, "test_acc": float(acc)})
            print(f"{epoch:4d}  loss={epoch_loss:.4f}  test_acc={acc:.3f}")

    with open("pima_history.json", "w") as f:
        json.dump(history, f, indent=1)
    torch.save(net.state_dict(), "pima_net.pt")


if __name__ == "__main__":
    main()
