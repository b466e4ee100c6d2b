"""Superconductor critical temperature regression (UCI) - train script."""
import argparse
import json
import os

import torch

from models import build_model, n_params
from preprocessing import load_npz
from trainer import Trainer


def parse_args():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", default="data/supercond_train.npz")
    ap.add_argument("--val", default="data/supercond_val.npz")
    ap.add_argument("--arch", default="mlp", choices=["mlp", "resmlp"])
    ap.add_argument("--epochs", type=int, default=80)
    ap.add_argument("--batch-size", type=int, default=512)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--out-dir", default="runs/supercond")
    ap.add_argument("--seed", type=int, default=0)
    return ap.parse_args()


def main():
    args = parse_args()
    torch.manual_seed(args.seed)
    device = "cuda" if torch.cuda.is_available() else "cpu"

    X_train, y_train = load_npz(args.train)
    X_val, y_val = load_npz(args.val)
    print(f"train {X_train.shape}  val {X_val.shape}")

    model = build_model(args.arch, X_train.shape[1])
    print(f"{args.arch}: {n_params(model):,} parameters")
    trainer = Trainer(model, args, device=device)
    best = trainer.fit(X_train, y_train, X_val, y_val)
    print(f"best val MAE: {best:.3f} K")

    os.makedirs(args.out_dir, exist_ok=True)
    with open(os.path.join(args.out_dir, "summary.json"), "w") as f:
        json.dump({"arch": args.arch, "best_val_mae": best, "epochs": args.epochs,
                   "lr": args.lr, "seed": args.seed}, f, indent=2)


if __name__ == "__main__":
    main()
