import argparse
import logging
import os

import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

from models import get_model
from utils import fit, predict

SIGNALS = [
    "body_acc_x", "body_acc_y", "body_acc_z",
    "body_gyro_x", "body_gyro_y", "body_gyro_z",
    "total_acc_x", "total_acc_y", "total_acc_z",
]


def load_split(root, split):
    x = np.stack(
        [np.loadtxt(os.path.join(root, split, "Inertial Signals", f"{s}_{split}.txt")) for s in SIGNALS],
        axis=-1,
    ).astype(np.float32)
    y = np.loadtxt(os.path.join(root, split, f"y_{split}.txt")).astype(np.int64) - 1
    return x, y


def standardize(train, *others):
    mean = train.mean(axis=(0, 1), keepdims=True)
    std = train.std(axis=(0, 1), keepdims=True) + 1e-8
    return [(a - mean) / std for a in (train, *others)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default="UCI HAR Dataset")
    ap.add_argument("--model", default="convgru", choices=["convgru", "mlp"])
    ap.add_argument("--epochs", type=int, default=60)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--lr", type=float, default=1e-3)
    args = ap.parse_args()

    logging.basicConfig(level=logging.INFO, format="[%(levelname)s] %(message)s")
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

    x_tr, y_tr = load_split(args.root, "train")
    x_te, y_te = load_split(args.root, "test")
    x_tr, x_te = standardize(x_tr, x_te)

    train_loader = DataLoader(TensorDataset(torch.from_numpy(x_tr), torch.from_numpy(y_tr)),
                              batch_size=args.batch_size, shuffle=True)
    test_loader = DataLoader(TensorDataset(torch.from_numpy(x_te), torch.from_numpy(y_te)), batch_size=256)

    if args.model == "convgru":
        model = get_model("convgru", n_channels=len(SIGNALS), n_classes=6)
    else:
        model = get_model("mlp", n_features=x_tr.shape[1] * x_tr.shape[2], n_classes=6)

    loss_fn = nn.CrossEntropyLoss()
    opt = torch.optim.Adam(model.parameters(), lr=args.lr, weight_decay=1e-4)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode="max", factor=0.5, patience=3)

    model, best_f1 = fit(model, loss_fn, opt, train_loader, test_loader, args.epochs, device,
                         scheduler=scheduler)
    y_true, y_pred = predict(model, test_loader, device)
    logging.info("best weighted F1 %.4f, final acc %.4f", best_f1, (y_true == y_pred).mean())
    torch.save(model.state_dict(), f"har_{args.model}.pt")


if __name__ == "__main__":
    main()
