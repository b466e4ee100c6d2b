"""Tabular regression baseline for the house-prices competition.

Usage:
    python train.py --csv data/train.csv --epochs 60
"""
import argparse
import os

import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from torch.utils.data import DataLoader, TensorDataset


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--csv", default="data/train.csv")
    p.add_argument("--target", default="SalePrice")
    p.add_argument("--epochs", type=int, default=60)
    p.add_argument("--bs", type=int, default=128)
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--hidden", type=int, default=256)
    p.add_argument("--out", default="checkpoints")
    return p.parse_args()


def load_frame(path, target):
    df = pd.read_csv(path)
    df = df.select_dtypes(include=[np.number]).fillna(0.0)
    y = np.log1p(df.pop(target).values.astype(np.float32))
    X = df.values.astype(np.float32)
    return X, y


def build_model(n_features, hidden):
    model = nn.Sequential(  # EXPECT: TL012  # <- TL012
        nn.Linear(n_features, hidden),
        nn.Sigmoid(),
        nn.Linear(hidden, hidden),
        nn.Sigmoid(),
        nn.Linear(hidden, hidden // 2),
        nn.Sigmoid(),
        nn.Linear(hidden // 2, 1),
    )
    return model


def rmse(pred, target):
    return torch.sqrt(torch.mean((pred - target) ** 2)).item()


def main():
    args = parse_args()
    device = "cuda" if torch.cuda.is_available() else "cpu"
    X, y = load_frame(args.csv, args.target)
    X_tr, X_va, y_tr, y_va = train_test_split(X, y, test_size=0.2, random_state=42)

    scaler = StandardScaler().fit(X_tr)
    X_tr = scaler.transform(X_tr).astype(np.float32)
    X_va = scaler.transform(X_va).astype(np.float32)

    train_ds = TensorDataset(torch.from_numpy(X_tr), torch.from_numpy(y_tr).unsqueeze(1))
    val_ds = TensorDataset(torch.from_numpy(X_va), torch.from_numpy(y_va).unsqueeze(1))
    train_dl = DataLoader(train_ds, batch_size=args.bs, shuffle=True, drop_last=True)
    val_dl = DataLoader(val_ds, batch_size=512)

    model = build_model(X_tr.shape[1], args.hidden).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr, weight_decay=1e-5)
    criterion = nn.MSELoss()

    os.makedirs(args.out, exist_ok=True)
    best = float("inf")
    for epoch in range(args.epochs):
        model.train()
        running = 0.0
        for xb, yb in train_dl:
            xb, yb = xb.to(device), yb.to(device)
            optimizer.zero_grad()
            loss = criterion(model(xb), yb)
            loss.backward()
            optimizer.step()
            running += loss.item() * xb.size(0)

        model.eval()
        preds, targets = [], []
        with torch.no_grad():
            for xb, yb in val_dl:
                preds.append(model(xb.to(device)).cpu())
                targets.append(yb)
        val_rmse = rmse(torch.cat(preds), torch.cat(targets))
        print(f"epoch {epoch:03d} train_mse={running / len(train_ds):.4f} val_rmsle={val_rmse:.4f}")
        if val_rmse < best:
            best = val_rmse
            torch.save(model.state_dict(), os.path.join(args.out, "mlp_best.pt"))

    print(f"best val rmsle: {best:.4f}")


if __name__ == "__main__":
    main()
