import argparse
import logging

import numpy as np
import pandas as pd
import torch
from torch.utils.data import DataLoader, TensorDataset

from models import TabularNet, count_parameters
from trainer import Trainer

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--csv", default="data/train.csv")
    p.add_argument("--target", default="label")
    p.add_argument("--epochs", type=int, default=30)
    p.add_argument("--batch-size", type=int, default=512)
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--dropout", type=float, default=0.25)
    p.add_argument("--val-frac", type=float, default=0.15)
    p.add_argument("--seed", type=int, default=42)
    return p.parse_args()


def load_tensors(csv_path, target):
    df = pd.read_csv(csv_path)
    y = df.pop(target).astype("category").cat.codes.values
    X = df.select_dtypes(include=[np.number]).fillna(0.0).values.astype(np.float32)
    X = (X - X.mean(0)) / (X.std(0) + 1e-6)
    return torch.from_numpy(X), torch.from_numpy(y.astype(np.int64))


def main():
    args = parse_args()
    torch.manual_seed(args.seed)
    device = "cuda" if torch.cuda.is_available() else "cpu"

    X, y = load_tensors(args.csv, args.target)  # <- TL005 (a second, real leak the writer did not label)
    perm = torch.randperm(len(X))
    n_val = int(len(X) * args.val_frac)
    val_idx, tr_idx = perm[:n_val], perm[n_val:]
    train_loader = DataLoader(TensorDataset(X[tr_idx], y[tr_idx]), batch_size=args.batch_size,
                              shuffle=True, drop_last=True)
    val_loader = DataLoader(TensorDataset(X[val_idx], y[val_idx]), batch_size=args.batch_size)

    num_classes = int(y.max().item()) + 1
    model = TabularNet(X.shape[1], num_classes, p_drop=args.dropout)
    logging.info("model has %d parameters", count_parameters(model))

    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    steps = args.epochs * len(train_loader)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=args.lr, total_steps=steps)
    trainer = Trainer(model, optimizer, device=device, scheduler=scheduler, grad_clip=1.0)

    best_acc = 0.0
    for epoch in range(1, args.epochs + 1):
        train_loss = trainer.train_one_epoch(train_loader)
        val_loss, val_acc = trainer.validate(val_loader)
        logging.info("epoch %d train_loss %.4f val_loss %.4f val_acc %.4f",
                     epoch, train_loss, val_loss, val_acc)
        if val_acc > best_acc:
            best_acc = val_acc
            trainer.save("best.pt")
    logging.info("best val acc %.4f", best_acc)


if __name__ == "__main__":
    main()
