"""LSTM forecaster for multivariate sensor series (train.csv / test.csv from the competition)."""
import os

import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset

CONFIG = {
    "train_csv": "input/train.csv",
    "test_csv": "input/test.csv",
    "features": ["load", "temp", "humidity", "wind", "hour_sin", "hour_cos"],
    "target": "load",
    "window": 96,
    "horizon": 24,
    "hidden": 128,
    "layers": 2,
    "dropout": 0.2,
    "batch_size": 128,
    "epochs": 30,
    "lr": 1e-3,
    "out": "models",
}


class WindowDataset(Dataset):
    def __init__(self, values, target_idx, window, horizon):
        self.values = torch.as_tensor(values, dtype=torch.float32)
        self.t = target_idx
        self.window, self.horizon = window, horizon

    def __len__(self):
        return len(self.values) - self.window - self.horizon + 1

    def __getitem__(self, i):
        x = self.values[i:i + self.window]
        y = self.values[i + self.window:i + self.window + self.horizon, self.t]
        return x, y


class Forecaster(nn.Module):
    def __init__(self, n_feat, hidden, layers, dropout, horizon):
        super().__init__()
        self.lstm = nn.LSTM(n_feat, hidden, layers, batch_first=True, dropout=dropout)
        self.head = nn.Sequential(nn.Dropout(dropout), nn.Linear(hidden, horizon))

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.head(out[:, -1])


def add_time_features(df):
    hours = pd.to_datetime(df["timestamp"]).dt.hour
    df["hour_sin"] = np.sin(2 * np.pi * hours / 24)
    df["hour_cos"] = np.cos(2 * np.pi * hours / 24)
    return df


def main(cfg):
    train_df = add_time_features(pd.read_csv(cfg["train_csv"]))
    test_df = add_time_features(pd.read_csv(cfg["test_csv"]))
    feats = cfg["features"]
    train_vals = train_df[feats].interpolate().to_numpy(np.float32)
    test_vals = test_df[feats].interpolate().to_numpy(np.float32)

    full = np.concatenate([train_vals, test_vals], axis=0)
    mean, std = full.mean(axis=0), full.std(axis=0) + 1e-8  # EXPECT: TL005  # <- TL005
    train_vals = (train_vals - mean) / std
    test_vals = (test_vals - mean) / std

    t_idx = feats.index(cfg["target"])
    train_ds = WindowDataset(train_vals, t_idx, cfg["window"], cfg["horizon"])
    test_ds = WindowDataset(test_vals, t_idx, cfg["window"], cfg["horizon"])
    train_dl = DataLoader(train_ds, batch_size=cfg["batch_size"], shuffle=True, drop_last=True)
    test_dl = DataLoader(test_ds, batch_size=512)

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    net = Forecaster(len(feats), cfg["hidden"], cfg["layers"], cfg["dropout"], cfg["horizon"]).to(device)
    opt = torch.optim.Adam(net.parameters(), lr=cfg["lr"])
    crit = nn.SmoothL1Loss()
    os.makedirs(cfg["out"], exist_ok=True)

    best = float("inf")
    for epoch in range(cfg["epochs"]):
        net.train()
        tr_loss = 0.0
        for x, y in train_dl:
            x, y = x.to(device), y.to(device)
            opt.zero_grad()
            loss = crit(net(x), y)
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            opt.step()
            tr_loss += loss.item()
        tr_loss /= len(train_dl)

        net.eval()
        se, count = 0.0, 0
        with torch.no_grad():
            for x, y in test_dl:
                pred = net(x.to(device)).cpu()
                # back to original units for reporting
                pred = pred * std[t_idx] + mean[t_idx]
                y = y * std[t_idx] + mean[t_idx]
                se += ((pred - y) ** 2).sum().item()
                count += y.numel()
        rmse = (se / count) ** 0.5
        print(f"epoch {epoch:02d}  train {tr_loss:.4f}  test RMSE {rmse:.3f}")
        if rmse < best:
            best = rmse
            torch.save({"model": net.state_dict(), "mean": mean, "std": std},
                       os.path.join(cfg["out"], "lstm_best.pt"))


if __name__ == "__main__":
    main(CONFIG)
