"""Forest cover type (7 classes) from cartographic variables.

Targets are kept as one-hot rows straight from pandas so the same pipeline can be reused
with the soft labels produced by the teacher ensemble (see --soft-labels).
"""
import argparse

import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

CONT_COLS = [
    "Elevation", "Aspect", "Slope", "Horizontal_Distance_To_Hydrology",
    "Vertical_Distance_To_Hydrology", "Horizontal_Distance_To_Roadways",
    "Hillshade_9am", "Hillshade_Noon", "Hillshade_3pm", "Horizontal_Distance_To_Fire_Points",
]


def make_tensors(df, label_col="Cover_Type", soft=None, mean=None, std=None):
    cont = df[CONT_COLS].values.astype(np.float32)
    if mean is None:
        mean, std = cont.mean(0), cont.std(0) + 1e-6
    cont = (cont - mean) / std
    binary = df.drop(columns=CONT_COLS + [label_col, "Id"], errors="ignore").values
    X = np.concatenate([cont, binary.astype(np.float32)], axis=1)
    if soft is not None:
        Y = soft.astype(np.float32)
    else:
        Y = pd.get_dummies(df[label_col]).values.astype(np.float32)
    return torch.from_numpy(X), torch.from_numpy(Y), mean, std


def smooth(y, eps):
    return y * (1.0 - eps) + eps / y.size(1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", default="train.csv")
    ap.add_argument("--soft-labels", default=None, help=".npy with teacher probabilities")
    ap.add_argument("--epochs", type=int, default=50)
    ap.add_argument("--bs", type=int, default=1024)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--eps", type=float, default=0.05)
    args = ap.parse_args()

    df = pd.read_csv(args.train).sample(frac=1.0, random_state=0).reset_index(drop=True)
    soft = np.load(args.soft_labels) if args.soft_labels else None
    n_val = len(df) // 10
    X_tr, Y_tr, mean, std = make_tensors(df.iloc[n_val:],
                                         soft=None if soft is None else soft[n_val:])
    X_va, Y_va, _, _ = make_tensors(df.iloc[:n_val], mean=mean, std=std,
                                    soft=None if soft is None else soft[:n_val])
    train_loader = DataLoader(TensorDataset(X_tr, Y_tr), batch_size=args.bs, shuffle=True)
    val_loader = DataLoader(TensorDataset(X_va, Y_va), batch_size=4096)

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    n_in, n_cls = X_tr.shape[1], Y_tr.shape[1]
    clf = nn.Sequential(
        nn.Linear(n_in, 512), nn.BatchNorm1d(512), nn.ReLU(), nn.Dropout(0.2),
        nn.Linear(512, 256), nn.BatchNorm1d(256), nn.ReLU(), nn.Dropout(0.2),
        nn.Linear(256, n_cls),
    ).to(device)
    loss_fn = nn.CrossEntropyLoss()
    opt = torch.optim.Adam(clf.parameters(), lr=args.lr)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=args.epochs)

    for epoch in range(args.epochs):
        clf.train()
        tot = 0.0
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            logits = clf(xb)
            loss = loss_fn(logits, smooth(yb, args.eps))
            opt.zero_grad()
            loss.backward()
            opt.step()
            tot += loss.item() * xb.size(0)
        sched.step()

        clf.eval()
        correct, vloss = 0, 0.0
        with torch.no_grad():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                logits = clf(xb)
                vloss += loss_fn(logits, yb).item() * xb.size(0)
                correct += (logits.argmax(1) == yb.argmax(1)).sum().item()
        print(f"epoch {epoch:02d}  train {tot / len(X_tr):.4f}  "
              f"val {vloss / len(X_va):.4f}  acc {correct / len(X_va):.4f}")

    torch.save(clf.state_dict(), "covertype_mlp.pt")


if __name__ == "__main__":
    main()
