import argparse
import json
import os

import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

from evaluation import evaluate
from model import NeuMF


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--ratings", default="ml-1m/ratings.dat")
    p.add_argument("--steps", type=int, default=50_000)
    p.add_argument("--eval-every", type=int, default=2_000)
    p.add_argument("--bs", type=int, default=1024)
    p.add_argument("--lr", type=float, default=5e-4)
    p.add_argument("--wd", type=float, default=1e-5)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--save", default="runs/neumf")
    return p.parse_args()


def load_ratings(path, seed):
    df = pd.read_csv(path, sep="::", engine="python", names=["user", "item", "rating", "ts"])
    df["user"] = df["user"].astype("category").cat.codes
    df["item"] = df["item"].astype("category").cat.codes
    rng = np.random.default_rng(seed)
    perm = rng.permutation(len(df))
    n_val = int(0.1 * len(df))
    val_df, train_df = df.iloc[perm[:n_val]], df.iloc[perm[n_val:]]

    def to_ds(d):
        return TensorDataset(torch.as_tensor(d["user"].values, dtype=torch.long),
                             torch.as_tensor(d["item"].values, dtype=torch.long),
                             torch.as_tensor(d["rating"].values, dtype=torch.float32))

    return to_ds(train_df), to_ds(val_df), df["user"].nunique(), df["item"].nunique(), \
        float(train_df["rating"].mean())


def infinite(loader):
    while True:
        for batch in loader:
            yield batch


def main():
    args = parse()
    torch.manual_seed(args.seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_ds, val_ds, n_users, n_items, mu = load_ratings(args.ratings, args.seed)
    train_loader = DataLoader(train_ds, batch_size=args.bs, shuffle=True, drop_last=True)
    val_loader = DataLoader(val_ds, batch_size=8192)

    model = NeuMF(n_users, n_items, global_mean=mu).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr, weight_decay=args.wd)
    loss_fn = nn.MSELoss()
    os.makedirs(args.save, exist_ok=True)

    best, ema = float("inf"), None
    batches = infinite(train_loader)
    model.train()
    for step in range(1, args.steps + 1):
        users, items, ratings = (t.to(device) for t in next(batches))
        loss = loss_fn(model(users, items), ratings)
        opt.zero_grad()
        loss.backward()
        opt.step()
        ema = loss.item() if ema is None else 0.98 * ema + 0.02 * loss.item()

        if step % args.eval_every == 0:
            metrics = evaluate(model, val_loader, device)
            model.train()
            print(json.dumps({"step": step, "train_mse": round(ema, 4), **metrics}))
            if metrics["rmse"] < best:
                best = metrics["rmse"]
                torch.save(model.state_dict(), os.path.join(args.save, "best.pt"))
    print(f"best val rmse {best:.4f}")


if __name__ == "__main__":
    main()
