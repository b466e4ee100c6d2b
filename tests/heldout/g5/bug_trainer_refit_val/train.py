"""Train a property-regression MLP on precomputed molecular descriptors (QM9-style splits)."""
import argparse

import torch
import torch.nn as nn

from preprocessing import load_split
from trainer import Trainer


def make_mlp(d_in, widths=(512, 256, 128), dropout=0.05):
    layers, d = [], d_in
    for w in widths:
        layers += [nn.Linear(d, w), nn.SiLU(), nn.Dropout(dropout)]
        d = w
    layers.append(nn.Linear(d, 1))
    return nn.Sequential(*layers)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", default="data/descriptors_train.npz")
    ap.add_argument("--val", default="data/descriptors_val.npz")
    ap.add_argument("--epochs", type=int, default=100)
    ap.add_argument("--batch-size", type=int, default=256)
    ap.add_argument("--lr", type=float, default=5e-4)
    ap.add_argument("--out-dir", default="runs/desc_mlp")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    torch.manual_seed(args.seed)
    device = "cuda" if torch.cuda.is_available() else "cpu"

    X_train, y_train = load_split(args.train)
    X_val, y_val = load_split(args.val)
    print(f"train {X_train.shape}  val {X_val.shape}")

    model = make_mlp(X_train.shape[1])
    trainer = Trainer(model, args, device=device)
    best = trainer.fit(X_train, y_train, X_val, y_val)
    print(f"best val MAE: {best:.4f}")


if __name__ == "__main__":
    main()
