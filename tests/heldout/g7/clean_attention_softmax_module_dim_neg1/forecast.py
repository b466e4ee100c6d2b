"""Transformer forecaster for electricity load (window -> next 24 h)."""
import argparse

import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset


class Windows(Dataset):
    def __init__(self, series, lookback=168, horizon=24):
        self.x = torch.tensor(series, dtype=torch.float32)
        self.lookback, self.horizon = lookback, horizon

    def __len__(self):
        return len(self.x) - self.lookback - self.horizon + 1

    def __getitem__(self, i):
        w = self.x[i : i + self.lookback]
        y = self.x[i + self.lookback : i + self.lookback + self.horizon, 0]
        return w, y


class Attention(nn.Module):
    def __init__(self, dim, dropout=0.1):
        super().__init__()
        self.to_qkv = nn.Linear(dim, dim * 3, bias=False)
        self.attend = nn.Softmax(dim=-1)
        self.drop = nn.Dropout(dropout)
        self.proj = nn.Linear(dim, dim)
        self.scale = dim ** -0.5

    def forward(self, x):
        q, k, v = self.to_qkv(x).chunk(3, dim=-1)
        dots = torch.matmul(q, k.transpose(-1, -2)) * self.scale
        attn = self.drop(self.attend(dots))
        return self.proj(torch.matmul(attn, v))


class Block(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.attn = Attention(dim)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = nn.Sequential(nn.Linear(dim, dim * 4), nn.GELU(), nn.Linear(dim * 4, dim))

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class Forecaster(nn.Module):
    def __init__(self, n_feats, lookback=168, horizon=24, dim=64, depth=3):
        super().__init__()
        self.inp = nn.Linear(n_feats, dim)
        self.pos = nn.Parameter(torch.randn(1, lookback, dim) * 0.02)
        self.blocks = nn.Sequential(*[Block(dim) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim * lookback, horizon)

    def forward(self, x):
        h = self.blocks(self.inp(x) + self.pos)
        return self.head(self.norm(h).flatten(1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--csv", default="data/load_hourly.csv")
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--bs", type=int, default=64)
    ap.add_argument("--lr", type=float, default=5e-4)
    args = ap.parse_args()

    df = pd.read_csv(args.csv, parse_dates=["timestamp"])
    df["hour_sin"] = np.sin(2 * np.pi * df["timestamp"].dt.hour / 24)
    df["hour_cos"] = np.cos(2 * np.pi * df["timestamp"].dt.hour / 24)
    df["dow"] = df["timestamp"].dt.dayofweek / 6.0
    feats = df[["load", "temperature", "hour_sin", "hour_cos", "dow"]].values.astype(np.float32)
    split = int(len(feats) * 0.85)
    mu, sd = feats[:split].mean(0), feats[:split].std(0) + 1e-6
    feats = (feats - mu) / sd

    train_dl = DataLoader(Windows(feats[:split]), batch_size=args.bs, shuffle=True, drop_last=True)
    val_dl = DataLoader(Windows(feats[split:]), batch_size=256)

    device = "cuda" if torch.cuda.is_available() else "cpu"
    model = Forecaster(feats.shape[1]).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    loss_fn = nn.SmoothL1Loss()

    for epoch in range(args.epochs):
        model.train()
        for xb, yb in train_dl:
            xb, yb = xb.to(device), yb.to(device)
            opt.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
        model.eval()
        errs = []
        with torch.no_grad():
            for xb, yb in val_dl:
                errs.append((model(xb.to(device)).cpu() - yb).abs().mean().item())
        print(f"epoch {epoch}: train {loss.item():.4f} val MAE (scaled) {np.mean(errs):.4f}")


if __name__ == "__main__":
    main()
