import argparse

import numpy as np
import torch
from torch.utils.data import DataLoader, TensorDataset

from models import ECGNet
from trainer import Trainer


def load_split(path):
    blob = np.load(path)
    x = torch.from_numpy(blob["signals"]).permute(0, 2, 1)  # (N, leads, T)
    y = torch.from_numpy(blob["labels"])
    return TensorDataset(x, y)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="data/ptbxl_100hz")
    ap.add_argument("--epochs", type=int, default=50)
    ap.add_argument("--bs", type=int, default=128)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--dropout", type=float, default=0.2)
    args = ap.parse_args()

    train_ds = load_split(f"{args.data}/train.npz")
    val_ds = load_split(f"{args.data}/val.npz")
    test_ds = load_split(f"{args.data}/test.npz")
    train_loader = DataLoader(train_ds, batch_size=args.bs, shuffle=True, drop_last=True)
    val_loader = DataLoader(val_ds, batch_size=256)
    test_loader = DataLoader(test_ds, batch_size=256)

    labels = train_ds.tensors[1].float()
    pos_weight = ((len(labels) - labels.sum(0)) / labels.sum(0).clamp(min=1)).tolist()

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model = ECGNet(leads=12, n_classes=labels.shape[1], p_drop=args.dropout)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="max", factor=0.5, patience=3)
    trainer = Trainer(model, optimizer, device, pos_weight=pos_weight)

    best_auc = 0.0
    for epoch in range(args.epochs):
        loss = trainer.train_epoch(train_loader)
        trainer.model.eval()
        val = trainer.evaluate(val_loader)
        scheduler.step(val["macro_auc"])
        print(f"epoch {epoch:3d} loss {loss:.4f} val_auc {val['macro_auc']:.4f}")
        if val["macro_auc"] > best_auc:
            best_auc = val["macro_auc"]
            torch.save(trainer.model.state_dict(), "ecgnet_best.pt")

    trainer.model.load_state_dict(torch.load("ecgnet_best.pt", map_location=device))
    trainer.model.eval()
    test = trainer.evaluate(test_loader)
    print(f"test macro AUC {test['macro_auc']:.4f}")


if __name__ == "__main__":
    main()
