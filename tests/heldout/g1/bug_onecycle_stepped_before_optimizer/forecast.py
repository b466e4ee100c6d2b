"""Multi-horizon load forecasting with a temporal conv + GRU encoder."""
import argparse
import json
import os
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset


@dataclass
class Config:
    csv_path: str = "data/household_power.csv"
    target: str = "Global_active_power"
    window: int = 168
    horizon: int = 24
    batch_size: int = 128
    epochs: int = 20
    max_lr: float = 3e-3
    weight_decay: float = 1e-5
    hidden: int = 128
    out_dir: str = "runs/forecast"


class WindowDataset(Dataset):
    def __init__(self, values, window, horizon):
        self.values = torch.as_tensor(values, dtype=torch.float32)
        self.window, self.horizon = window, horizon

    def __len__(self):
        return len(self.values) - self.window - self.horizon + 1

    def __getitem__(self, i):
        x = self.values[i:i + self.window]
        y = self.values[i + self.window:i + self.window + self.horizon, 0]
        return x, y


class Forecaster(nn.Module):
    def __init__(self, n_features, hidden, horizon):
        super().__init__()
        self.conv = nn.Sequential(
            nn.Conv1d(n_features, hidden, kernel_size=5, padding=2), nn.GELU(),
            nn.Conv1d(hidden, hidden, kernel_size=5, padding=2), nn.GELU(),
        )
        self.gru = nn.GRU(hidden, hidden, batch_first=True, num_layers=2, dropout=0.1)
        self.head = nn.Linear(hidden, horizon)

    def forward(self, x):
        h = self.conv(x.transpose(1, 2)).transpose(1, 2)
        out, _ = self.gru(h)
        return self.head(out[:, -1])


class Trainer:
    def __init__(self, cfg: Config, model, train_loader, val_loader, device):
        self.cfg = cfg
        self.model = model.to(device)
        self.train_loader = train_loader
        self.val_loader = val_loader
        self.device = device
        self.loss_fn = nn.HuberLoss(delta=1.0)
        self.optimizer = torch.optim.AdamW(model.parameters(), lr=cfg.max_lr, weight_decay=cfg.weight_decay)
        self.scheduler = torch.optim.lr_scheduler.OneCycleLR(
            self.optimizer, max_lr=cfg.max_lr, epochs=cfg.epochs,
            steps_per_epoch=len(train_loader), pct_start=0.25,
        )
        self.history = []

    def _update(self, loss):
        loss.backward()
        nn.utils.clip_grad_norm_(self.model.parameters(), 1.0)
        self.scheduler.step()  # EXPECT: TL011  # <- TL011
        self.optimizer.step()
        self.optimizer.zero_grad(set_to_none=True)

    def _train_epoch(self):
        self.model.train()
        total, n = 0.0, 0
        for x, y in self.train_loader:
            x, y = x.to(self.device), y.to(self.device)
            loss = self.loss_fn(self.model(x), y)
            self._update(loss)
            total += loss.item() * x.size(0)
            n += x.size(0)
        return total / n

    @torch.no_grad()
    def _validate(self):
        self.model.eval()
        mae, n = 0.0, 0
        for x, y in self.val_loader:
            x, y = x.to(self.device), y.to(self.device)
            mae += (self.model(x) - y).abs().sum().item()
            n += y.numel()
        return mae / n

    def fit(self):
        os.makedirs(self.cfg.out_dir, exist_ok=True)
        best = float("inf")
        for epoch in range(self.cfg.epochs):
            train_loss = self._train_epoch()
            val_mae = self._validate()
            self.history.append({"epoch": epoch, "train_loss": train_loss, "val_mae": val_mae,
                                 "lr": self.scheduler.get_last_lr()[0]})
            print(self.history[-1])
            if val_mae < best:
                best = val_mae
                torch.save(self.model.state_dict(), os.path.join(self.cfg.out_dir, "best.pt"))
        with open(os.path.join(self.cfg.out_dir, "history.json"), "w") as f:
            json.dump({"config": asdict(self.cfg), "history": self.history}, f, indent=2)
        return best


def load_series(cfg):
    df = pd.read_csv(cfg.csv_path, parse_dates=["datetime"], index_col="datetime")
    df = df.resample("1h").mean().interpolate()
    cols = [cfg.target] + [c for c in df.columns if c != cfg.target]
    values = df[cols].values.astype(np.float32)
    split = int(len(values) * 0.85)
    mean, std = values[:split].mean(0), values[:split].std(0) + 1e-6
    values = (values - mean) / std
    return values[:split], values[split:]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=Config.epochs)
    parser.add_argument("--max-lr", type=float, default=Config.max_lr)
    args = parser.parse_args()
    cfg = Config(epochs=args.epochs, max_lr=args.max_lr)

    train_vals, val_vals = load_series(cfg)
    train_ds = WindowDataset(train_vals, cfg.window, cfg.horizon)
    val_ds = WindowDataset(val_vals, cfg.window, cfg.horizon)
    train_loader = DataLoader(train_ds, batch_size=cfg.batch_size, shuffle=True, drop_last=True)
    val_loader = DataLoader(val_ds, batch_size=512)

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model = Forecaster(train_vals.shape[1], cfg.hidden, cfg.horizon)
    best = Trainer(cfg, model, train_loader, val_loader, device).fit()
    print(f"best val MAE (normalized): {best:.4f}")


if __name__ == "__main__":
    main()
