import argparse
import logging
from pathlib import Path

import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader

from nets import LSTMForecaster, WindowDataset
from trainer import Trainer

logging.basicConfig(level=logging.INFO, format="[%(levelname)s] %(message)s")


def load_series(csv_path, target):
    df = pd.read_csv(csv_path, parse_dates=["date"]).sort_values("date")
    df = df.drop(columns=["date"]).interpolate().bfill()
    cols = list(df.columns)
    return df.to_numpy(dtype=np.float32), cols.index(target)


def parse_args():
    p = argparse.ArgumentParser("LSTM load forecasting")
    p.add_argument("--csv", type=Path, default=Path("data/ETTh1.csv"))
    p.add_argument("--target", default="OT")
    p.add_argument("--window", type=int, default=168)
    p.add_argument("--horizon", type=int, default=24)
    p.add_argument("--hidden", type=int, default=128)
    p.add_argument("--epochs", type=int, default=60)
    p.add_argument("--bs", type=int, default=64)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--save", type=Path, default=Path("checkpoints/lstm.pt"))
    return p.parse_args()


def main():
    args = parse_args()
    series, target_idx = load_series(args.csv, args.target)

    n = len(series)
    n_train, n_val = int(0.7 * n), int(0.1 * n)
    train_raw = series[:n_train]
    mu, sigma = train_raw.mean(0), train_raw.std(0) + 1e-6
    series = (series - mu) / sigma

    train_ds = WindowDataset(series[:n_train], target_idx, args.window, args.horizon)
    val_ds = WindowDataset(series[n_train - args.window: n_train + n_val], target_idx, args.window, args.horizon)

    train_dl = DataLoader(train_ds, batch_size=args.bs, shuffle=True, drop_last=True)
    val_dl = DataLoader(val_ds, batch_size=256)

    device = "cuda" if torch.cuda.is_available() else "cpu"
    net = LSTMForecaster(series.shape[1], args.hidden, horizon=args.horizon)
    opt = torch.optim.Adam(net.parameters(), lr=args.lr)

    trainer = Trainer(net, opt, nn.MSELoss(), device)
    best = trainer.fit(train_dl, val_dl, args.epochs)

    args.save.parent.mkdir(parents=True, exist_ok=True)
    torch.save({"state_dict": best.state_dict(), "mu": mu, "sigma": sigma}, args.save)


if __name__ == "__main__":
    main()
