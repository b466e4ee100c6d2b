"""Wine quality (red + white) classification with a 3-layer MLP."""
import argparse

import numpy as np
import pandas as pd
import torch
import torch.nn as nn

from utils.preprocessing import class_weights, drop_nan_rows, encode_labels, minmax_normalize
from utils.splits import batch_iter, split_data


def load_wine(red_csv, white_csv):
    red = pd.read_csv(red_csv, sep=";")
    white = pd.read_csv(white_csv, sep=";")
    red["is_red"] = 1.0
    white["is_red"] = 0.0
    df = pd.concat([red, white], ignore_index=True)
    y_raw = df.pop("quality").clip(4, 8).tolist()
    return df.values.astype(np.float32), y_raw


def build_model(n_in, n_out, width=128):
    return nn.Sequential(
        nn.Linear(n_in, width), nn.BatchNorm1d(width), nn.ReLU(),
        nn.Linear(width, width), nn.BatchNorm1d(width), nn.ReLU(),
        nn.Linear(width, n_out),
    )


def evaluate(model, X, y, device):
    model.eval()
    with torch.no_grad():
        logits = model(torch.from_numpy(X).to(device))
        pred = logits.argmax(1).cpu().numpy()
    return float((pred == y).mean())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--red", default="data/winequality-red.csv")
    parser.add_argument("--white", default="data/winequality-white.csv")
    parser.add_argument("--epochs", type=int, default=80)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    device = "cuda" if torch.cuda.is_available() else "cpu"

    X, y_raw = load_wine(args.red, args.white)
    y, classes = encode_labels(y_raw)
    X, y = drop_nan_rows(X, y)
    X = minmax_normalize(X).astype(np.float32)  # EXPECT: TL005  # <- TL005
    X_tr, X_te, y_tr, y_te = split_data(X, y, train_ratio=0.8, seed=args.seed)
    print(f"{len(X_tr)} train / {len(X_te)} test, classes={classes}")

    model = build_model(X.shape[1], len(classes)).to(device)
    w = torch.from_numpy(class_weights(y_tr, len(classes))).to(device)
    criterion = nn.CrossEntropyLoss(weight=w)
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr * 10, momentum=0.9, nesterov=True)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=args.lr * 10, total_steps=args.epochs * (len(X_tr) // args.batch_size + 1)
    )

    for epoch in range(args.epochs):
        model.train()
        for xb, yb in batch_iter(X_tr, y_tr, args.batch_size, seed=args.seed + epoch):
            xb = torch.from_numpy(xb).to(device)
            yb = torch.from_numpy(yb).to(device)
            optimizer.zero_grad()
            loss = criterion(model(xb), yb)
            loss.backward()
            optimizer.step()
            scheduler.step()
        if (epoch + 1) % 10 == 0:
            print(f"epoch {epoch + 1}: train acc {evaluate(model, X_tr, y_tr, device):.3f} "
                  f"test acc {evaluate(model, X_te, y_te, device):.3f}")

    torch.save(model.state_dict(), "wine_mlp.pt")


if __name__ == "__main__":
    main()
