"""GRU load forecaster (hourly electricity). SGDR schedule; each new cycle restarts from the best snapshot."""
import argparse
import json
import os

import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset


class WindowDataset(Dataset):
    def __init__(self, series, window=168, horizon=24):
        self.x = torch.as_tensor(series, dtype=torch.float32)
        self.window, self.horizon = window, horizon

    def __len__(self):
        return len(self.x) - self.window - self.horizon + 1

    def __getitem__(self, i):
        w = self.x[i:i + self.window]
        y = self.x[i + self.window:i + self.window + self.horizon, 0]
        return w, y


class GRUForecaster(nn.Module):
    def __init__(self, n_features, hidden=128, layers=2, horizon=24, dropout=0.1):
        super().__init__()
        self.gru = nn.GRU(n_features, hidden, layers, batch_first=True, dropout=dropout)
        self.proj = nn.Sequential(nn.Linear(hidden, hidden), nn.GELU(), nn.Linear(hidden, horizon))

    def forward(self, x):
        out, _ = self.gru(x)
        return self.proj(out[:, -1])


def load_series(path, val_frac=0.15):
    arr = np.load(path).astype(np.float32)
    split = int(len(arr) * (1 - val_frac))
    mu, sd = arr[:split].mean(0), arr[:split].std(0) + 1e-6
    arr = (arr - mu) / sd
    return arr[:split], arr[split:]


def evaluate(model, loader, device):
    model.eval()
    se, n = 0.0, 0
    with torch.no_grad():
        for x, y in loader:
            pred = model(x.to(device))
            se += ((pred - y.to(device)) ** 2).sum().item()
            n += y.numel()
    return (se / n) ** 0.5


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="data/electricity.npy")
    ap.add_argument("--out", default="runs/gru")
    ap.add_argument("--cycles", type=int, default=5)
    ap.add_argument("--cycle-len", type=int, default=10)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--bs", type=int, default=256)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

    tr, va = load_series(args.data)
    train_dl = DataLoader(WindowDataset(tr), batch_size=args.bs, shuffle=True, drop_last=True)
    val_dl = DataLoader(WindowDataset(va), batch_size=1024)

    model = GRUForecaster(tr.shape[1]).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(optimizer, T_0=args.cycle_len)
    loss_fn = nn.SmoothL1Loss()
    best_path = os.path.join(args.out, "best_model.pt")
    best_rmse, log = float("inf"), []

    epoch = 0
    for cycle in range(args.cycles):
        if cycle > 0 and os.path.exists(best_path):
            model = torch.load(best_path, map_location=device)  # EXPECT: TL001  # <- TL001
        for _ in range(args.cycle_len):
            model.train()
            running = 0.0
            for i, (x, y) in enumerate(train_dl):
                x, y = x.to(device), y.to(device)
                optimizer.zero_grad()
                loss = loss_fn(model(x), y)
                loss.backward()
                nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                optimizer.step()
                scheduler.step(epoch + i / len(train_dl))
                running += loss.item()
            rmse = evaluate(model, val_dl, device)
            log.append({"epoch": epoch, "cycle": cycle, "train_loss": running / len(train_dl),
                        "val_rmse": rmse, "lr": optimizer.param_groups[0]["lr"]})
            print(json.dumps(log[-1]))
            if rmse < best_rmse:
                best_rmse = rmse
                torch.save(model, best_path)
            epoch += 1

    with open(os.path.join(args.out, "log.json"), "w") as f:
        json.dump(log, f, indent=1)
    print("best val rmse", best_rmse)


if __name__ == "__main__":
    main()
