import argparse

import numpy as np
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

from moe import MixtureOfExperts, load_balance_penalty

EPS = 1e-8


def get_data(path, val_frac=0.2, seed=0):
    d = np.load(path)
    X, y = d["X"].astype(np.float32), d["y"].astype(np.int64)
    idx = np.random.default_rng(seed).permutation(len(X))
    cut = int(len(X) * (1 - val_frac))
    tr, va = idx[:cut], idx[cut:]
    mu, sd = X[tr].mean(0), X[tr].std(0) + 1e-6
    X = (X - mu) / sd
    return TensorDataset(torch.from_numpy(X[tr]), torch.from_numpy(y[tr])), TensorDataset(
        torch.from_numpy(X[va]), torch.from_numpy(y[va])
    )


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="letters.npz")
    ap.add_argument("--experts", type=int, default=4)
    ap.add_argument("--epochs", type=int, default=50)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--balance", type=float, default=0.01)
    args = ap.parse_args()

    train_ds, val_ds = get_data(args.data)
    n_cls = int(train_ds.tensors[1].max()) + 1
    train_dl = DataLoader(train_ds, batch_size=128, shuffle=True)
    val_dl = DataLoader(val_ds, batch_size=1024)

    moe = MixtureOfExperts(train_ds.tensors[0].shape[1], n_cls, args.experts)
    opt = torch.optim.Adam(moe.parameters(), lr=args.lr)

    for epoch in range(args.epochs):
        moe.train()
        for xb, yb in train_dl:
            probs, gate = moe(xb)
            nll = F.nll_loss(torch.log(probs + EPS), yb)
            loss = nll + args.balance * load_balance_penalty(gate)
            opt.zero_grad()
            loss.backward()
            opt.step()

        moe.eval()
        correct, usage = 0, torch.zeros(args.experts)
        with torch.no_grad():
            for xb, yb in val_dl:
                probs, gate = moe(xb)
                correct += (probs.argmax(1) == yb).sum().item()
                usage += gate.sum(0)
        usage = (usage / usage.sum()).numpy().round(3)
        print(f"epoch {epoch:3d} nll {nll.item():.4f} val_acc {correct / len(val_ds):.4f} usage {usage}")


if __name__ == "__main__":
    main()
