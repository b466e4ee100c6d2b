"""LSTM load forecasting on the hourly electricity dataset (univariate + calendar features)."""
import argparse
import os

import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset
from tqdm import trange


def scale(x, stats=None):
    """Standardise columns of ``x``; returns the scaled array and the (mean, std) used."""
    if stats is None:
        mean = x.mean(axis=0, keepdims=True)  # <- TL005
        std = x.std(axis=0, keepdims=True) + 1e-6
        stats = (mean, std)
    mean, std = stats
    return (x - mean) / std, stats


def load_series(path):
    df = pd.read_csv(path, parse_dates=["timestamp"]).sort_values("timestamp")
    df["hour_sin"] = np.sin(2 * np.pi * df.timestamp.dt.hour / 24)
    df["hour_cos"] = np.cos(2 * np.pi * df.timestamp.dt.hour / 24)
    df["dow_sin"] = np.sin(2 * np.pi * df.timestamp.dt.dayofweek / 7)
    df["dow_cos"] = np.cos(2 * np.pi * df.timestamp.dt.dayofweek / 7)
    cols = ["load", "temperature", "hour_sin", "hour_cos", "dow_sin", "dow_cos"]
    return df[cols].to_numpy(dtype=np.float32)


class WindowDataset(Dataset):
    def __init__(self, arr, lookback, horizon):
        self.arr = torch.from_numpy(arr)
        self.lookback = lookback
        self.horizon = horizon

    def __len__(self):
        return len(self.arr) - self.lookback - self.horizon + 1

    def __getitem__(self, i):
        x = self.arr[i:i + self.lookback]
        y = self.arr[i + self.lookback:i + self.lookback + self.horizon, 0]
        return x, y


class Forecaster(nn.Module):
    def __init__(self, n_features, hidden, horizon, num_layers=2, dropout=0.1):
        super().__init__()
        self.lstm = nn.LSTM(n_features, hidden, num_layers=num_layers,
                            batch_first=True, dropout=dropout)
        self.proj = nn.Sequential(nn.Linear(hidden, hidden), nn.GELU(), nn.Linear(hidden, horizon))

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.proj(out[:, -1])


def make_splits(arr, val_frac, test_frac):
    n = len(arr)
    n_test = int(n * test_frac)
    n_val = int(n * val_frac)
    train = arr[: n - n_val - n_test]
    val = arr[n - n_val - n_test: n - n_test]
    test = arr[n - n_test:]
    return train, val, test


def evaluate(model, loader, device, load_std):
    model.eval()
    se, ae, count = 0.0, 0.0, 0
    with torch.no_grad():
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            err = (model(x) - y) * load_std
            se += err.pow(2).sum().item()
            ae += err.abs().sum().item()
            count += err.numel()
    return (se / count) ** 0.5, ae / count


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--csv", default="data/hourly_load.csv")
    ap.add_argument("--lookback", type=int, default=168)
    ap.add_argument("--horizon", type=int, default=24)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--bs", type=int, default=256)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--save", default="checkpoints/lstm_forecaster.pt")
    args = ap.parse_args()

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    torch.manual_seed(0)

    series = load_series(args.csv)
    train_arr, val_arr, test_arr = make_splits(series, val_frac=0.1, test_frac=0.1)
    train_arr, stats = scale(train_arr)
    val_arr, _ = scale(val_arr, stats)
    test_arr, _ = scale(test_arr)  # EXPECT: TL005
    load_std = float(stats[1][0, 0])

    train_dl = DataLoader(WindowDataset(train_arr, args.lookback, args.horizon),
                          batch_size=args.bs, shuffle=True, drop_last=True)
    val_dl = DataLoader(WindowDataset(val_arr, args.lookback, args.horizon), batch_size=512)
    test_dl = DataLoader(WindowDataset(test_arr, args.lookback, args.horizon), batch_size=512)

    model = Forecaster(series.shape[1], args.hidden, args.horizon).to(device)
    optim = torch.optim.Adam(model.parameters(), lr=args.lr)
    sched = torch.optim.lr_scheduler.StepLR(optim, step_size=10, gamma=0.3)
    loss_fn = nn.SmoothL1Loss()

    best_rmse = float("inf")
    os.makedirs(os.path.dirname(args.save), exist_ok=True)
    for epoch in trange(args.epochs, desc="epochs"):
        model.train()
        for x, y in train_dl:
            x, y = x.to(device), y.to(device)
            optim.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optim.step()
        sched.step()

        val_rmse, val_mae = evaluate(model, val_dl, device, load_std)
        print(f"epoch {epoch:02d} val RMSE {val_rmse:.2f} MAE {val_mae:.2f}")
        if val_rmse < best_rmse:
            best_rmse = val_rmse
            torch.save({"model": model.state_dict(), "stats": stats}, args.save)

    ckpt = torch.load(args.save, map_location=device)
    model.load_state_dict(ckpt["model"])
    test_rmse, test_mae = evaluate(model, test_dl, device, load_std)
    print(f"test RMSE {test_rmse:.2f} MAE {test_mae:.2f}")


if __name__ == "__main__":
    main()
