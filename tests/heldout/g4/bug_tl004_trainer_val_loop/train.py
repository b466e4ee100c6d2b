import argparse
import logging

import numpy as np
import pandas as pd
import torch
from torch.utils.data import DataLoader, Dataset

from model import LSTMForecaster
from trainer import TrainConfig, Trainer


class WindowDataset(Dataset):
    def __init__(self, values, targets, window=96, horizon=24):
        self.values = torch.as_tensor(values, dtype=torch.float32)
        self.targets = torch.as_tensor(targets, dtype=torch.float32)
        self.window = window
        self.horizon = horizon

    def __len__(self):
        return len(self.values) - self.window - self.horizon + 1

    def __getitem__(self, idx):
        x = self.values[idx: idx + self.window]
        y = self.targets[idx + self.window: idx + self.window + self.horizon]
        return x, y


def load_series(path, target_col):
    df = pd.read_csv(path, parse_dates=["date"]).sort_values("date")
    feats = df.drop(columns=["date"]).to_numpy(dtype=np.float32)
    mean, std = feats.mean(0), feats.std(0) + 1e-6
    feats = (feats - mean) / std
    target_idx = list(df.columns.drop("date")).index(target_col)
    return feats, feats[:, target_idx]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--csv", default="data/ETTh1.csv")
    p.add_argument("--target", default="OT")
    p.add_argument("--window", type=int, default=96)
    p.add_argument("--horizon", type=int, default=24)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--epochs", type=int, default=50)
    p.add_argument("--no-amp", action="store_true")
    args = p.parse_args()

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    feats, target = load_series(args.csv, args.target)  # <- TL005 (a second, real leak the writer did not label)
    split = int(0.8 * len(feats))
    train_ds = WindowDataset(feats[:split], target[:split], args.window, args.horizon)
    val_ds = WindowDataset(feats[split:], target[split:], args.window, args.horizon)
    train_dl = DataLoader(train_ds, batch_size=args.batch_size, shuffle=True, drop_last=True)
    val_dl = DataLoader(val_ds, batch_size=args.batch_size * 2)

    model = LSTMForecaster(n_features=feats.shape[1], horizon=args.horizon)
    cfg = TrainConfig(epochs=args.epochs, amp=not args.no_amp)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    trainer = Trainer(model, train_dl, val_dl, cfg, device=device)
    best = trainer.fit()
    print(f"best val loss: {best:.4f}")


if __name__ == "__main__":
    main()
