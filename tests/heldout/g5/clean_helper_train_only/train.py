"""Dry bean variety classification (UCI) with an MLP."""
import argparse
import json

import numpy as np
import pandas as pd
import torch
import torch.nn as nn

from utils.preprocessing import (apply_standardize, class_weights, drop_duplicates, encode_labels, log_transform,
                                 skewed_columns, standardize)
from utils.splits import batch_iter, confusion, per_class_accuracy, split_data


class BeanMLP(nn.Module):
    def __init__(self, n_in, n_out, width=64):
        super().__init__()
        self.layers = nn.Sequential(
            nn.Linear(n_in, width), nn.ReLU(),
            nn.Linear(width, width), nn.ReLU(),
            nn.Linear(width, n_out),
        )

    def forward(self, x):
        return self.layers(x)


def predict(model, X, device):
    model.eval()
    with torch.no_grad():
        return model(torch.from_numpy(X).float().to(device)).argmax(1).cpu().numpy()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--xlsx", default="data/Dry_Bean_Dataset.xlsx")
    parser.add_argument("--epochs", type=int, default=60)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--lr", type=float, default=3e-3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    device = "cuda" if torch.cuda.is_available() else "cpu"

    df = pd.read_excel(args.xlsx)
    y, classes = encode_labels(df.pop("Class").tolist())
    names = list(df.columns)
    X = log_transform(df.values.astype(np.float64), skewed_columns(names))
    X, y = drop_duplicates(X, y)

    X_tr, X_te, y_tr, y_te = split_data(X, y, train_ratio=0.8, seed=args.seed)
    X_tr, mean, std = standardize(X_tr)
    X_te = apply_standardize(X_te, mean, std)
    X_tr, X_te = X_tr.astype(np.float32), X_te.astype(np.float32)

    model = BeanMLP(X_tr.shape[1], len(classes)).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=args.epochs)
    loss_fn = nn.CrossEntropyLoss(weight=torch.from_numpy(class_weights(y_tr, len(classes))).to(device))

    for epoch in range(args.epochs):
        model.train()
        for xb, yb in batch_iter(X_tr, y_tr, args.batch_size, seed=epoch):
            xb, yb = torch.from_numpy(xb).to(device), torch.from_numpy(yb).to(device)
            opt.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
        sched.step()
        if epoch % 10 == 9:
            acc = (predict(model, X_te, device) == y_te).mean()
            print(f"epoch {epoch + 1} loss {loss.item():.4f} test acc {acc:.4f}")

    y_hat = predict(model, X_te, device)
    cm = confusion(y_te, y_hat, len(classes))
    for c, a in zip(classes, per_class_accuracy(y_te, y_hat, len(classes))):
        print(f"  {c:10s} {a:.3f}")
    with open("bean_results.json", "w") as f:
        json.dump({"classes": classes, "confusion": cm.tolist(),
                   "mean": mean.tolist(), "std": std.tolist()}, f)
    torch.save(model.state_dict(), "bean_mlp.pt")


if __name__ == "__main__":
    main()
