"""LSTM forecaster for hourly electricity load (multi-step, direct strategy)."""
import argparse
import math

import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset
from tqdm import tqdm


class WindowDataset(Dataset):
    def __init__(self, series, covariates, lookback, horizon):
        self.series = series.astype(np.float32)
        self.cov = covariates.astype(np.float32)
        self.lookback = lookback
        self.horizon = horizon

    def __len__(self):
        return len(self.series) - self.lookback - self.horizon + 1

    def __getitem__(self, i):
        j = i + self.lookback
        x = np.concatenate([self.series[i:j, None], self.cov[i:j]], axis=1)
        y = self.series[j:j + self.horizon]
        return torch.from_numpy(x), torch.from_numpy(y)


class LSTMForecaster(nn.Module):
    def __init__(self, n_features, horizon, hidden=128, layers=2, dropout=0.1):
        super().__init__()
        self.lstm = nn.LSTM(n_features, hidden, num_layers=layers, batch_first=True, dropout=dropout)
        self.head = nn.Sequential(nn.Linear(hidden, hidden), nn.ReLU(), nn.Linear(hidden, horizon))

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.head(out[:, -1])


def load_frames(path, val_frac=0.15):
    df = pd.read_csv(path, parse_dates=["timestamp"]).sort_values("timestamp")
    load = df["load_mw"].values
    hour = df["timestamp"].dt.hour.values
    dow = df["timestamp"].dt.dayofweek.values
    cov = np.stack([np.sin(2 * math.pi * hour / 24), np.cos(2 * math.pi * hour / 24),
                    np.sin(2 * math.pi * dow / 7), np.cos(2 * math.pi * dow / 7)], axis=1)
    split = int(len(df) * (1 - val_frac))
    mu, sigma = load[:split].mean(), load[:split].std()
    load = (load - mu) / sigma
    return (load[:split], cov[:split]), (load[split:], cov[split:]), (mu, sigma)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--csv", default="data/pjm_hourly.csv")
    ap.add_argument("--lookback", type=int, default=168)
    ap.add_argument("--horizon", type=int, default=24)
    ap.add_argument("--epochs", type=int, default=50)
    ap.add_argument("--batch-size", type=int, default=128)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--warmup-iters", type=int, default=500)
    args = ap.parse_args()

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    (tr_y, tr_c), (va_y, va_c), (mu, sigma) = load_frames(args.csv)
    train_dl = DataLoader(WindowDataset(tr_y, tr_c, args.lookback, args.horizon),
                          batch_size=args.batch_size, shuffle=True, drop_last=True)
    val_dl = DataLoader(WindowDataset(va_y, va_c, args.lookback, args.horizon), batch_size=512)

    model = LSTMForecaster(n_features=1 + tr_c.shape[1], horizon=args.horizon).to(device)
    criterion = nn.SmoothL1Loss()
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    warmup = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lr_lambda=lambda it: min(1.0, (it + 1) / args.warmup_iters))
    plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="min", factor=0.5,
                                                         patience=3, min_lr=1e-6)

    it = 0
    best = float("inf")
    for epoch in range(args.epochs):
        model.train()
        pbar = tqdm(train_dl, desc=f"epoch {epoch}")
        for x, y in pbar:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss = criterion(model(x), y)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            if it < args.warmup_iters:
                warmup.step()
            it += 1
            pbar.set_postfix(loss=loss.item(), lr=optimizer.param_groups[0]["lr"])

        model.eval()
        val_loss, mae, n = 0.0, 0.0, 0
        with torch.no_grad():
            for x, y in val_dl:
                x, y = x.to(device), y.to(device)
                pred = model(x)
                val_loss += criterion(pred, y).item() * x.size(0)
                mae += (pred - y).abs().mean(dim=1).sum().item() * sigma
                n += x.size(0)
        val_loss /= n
        if it >= args.warmup_iters:
            plateau.step(val_loss)
        print(f"epoch {epoch}: val_loss {val_loss:.4f} val_MAE {mae / n:.1f} MW")
        if val_loss < best:
            best = val_loss
            torch.save({"model": model.state_dict(), "mu": mu, "sigma": sigma}, "lstm_forecaster.pt")


if __name__ == "__main__":
    main()
