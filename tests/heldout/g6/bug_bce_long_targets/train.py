#!/usr/bin/env python
# Default of credit card clients -- MLP baseline (Kaggle kernel, cleaned up)
import argparse
import random

import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from torch.optim.lr_scheduler import ReduceLROnPlateau
from torch.utils.data import DataLoader, TensorDataset

CAT_COLS = ["SEX", "EDUCATION", "MARRIAGE"]
TARGET = "default.payment.next.month"


def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def load_data(path, seed):
    df = pd.read_csv(path)
    df = df.drop(columns=["ID"])
    df = pd.get_dummies(df, columns=CAT_COLS, dtype=float)
    y = df.pop(TARGET).values
    X = df.values.astype(np.float32)

    X_tr, X_va, y_tr, y_va = train_test_split(
        X, y, test_size=0.2, stratify=y, random_state=seed
    )
    scaler = StandardScaler().fit(X_tr)
    X_tr = scaler.transform(X_tr).astype(np.float32)
    X_va = scaler.transform(X_va).astype(np.float32)

    train_ds = TensorDataset(torch.from_numpy(X_tr), torch.tensor(y_tr, dtype=torch.long))
    val_ds = TensorDataset(torch.from_numpy(X_va), torch.tensor(y_va, dtype=torch.long))
    return train_ds, val_ds, X.shape[1]


class DefaultNet(nn.Module):
    def __init__(self, n_in, hidden=256, p_drop=0.25):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(n_in, hidden),
            nn.BatchNorm1d(hidden),
            nn.SiLU(),
            nn.Dropout(p_drop),
            nn.Linear(hidden, hidden // 2),
            nn.BatchNorm1d(hidden // 2),
            nn.SiLU(),
            nn.Dropout(p_drop),
            nn.Linear(hidden // 2, 1),
        )

    def forward(self, x):
        return self.net(x).squeeze(-1)


@torch.no_grad()
def evaluate(model, loader, device):
    model.eval()
    probs, labels = [], []
    for xb, yb in loader:
        xb = xb.to(device)
        probs.append(torch.sigmoid(model(xb)).cpu())
        labels.append(yb)
    probs = torch.cat(probs).numpy()
    labels = torch.cat(labels).numpy()
    acc = ((probs > 0.5).astype(int) == labels).mean()
    return roc_auc_score(labels, probs), acc


def fit(model, train_loader, val_loader, epochs, lr, device, pos_weight):
    criterion = nn.BCEWithLogitsLoss(pos_weight=torch.tensor([pos_weight], device=device))
    optimizer = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=1e-5)
    scheduler = ReduceLROnPlateau(optimizer, mode="max", patience=2, factor=0.5)

    best_auc, best_state = 0.0, None
    for epoch in range(epochs):
        model.train()
        total = 0.0
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            optimizer.zero_grad()
            logits = model(xb)
            loss = criterion(logits, yb)  # EXPECT: TL009  # <- TL009
            loss.backward()
            optimizer.step()
            total += loss.item() * xb.size(0)

        val_auc, val_acc = evaluate(model, val_loader, device)
        scheduler.step(val_auc)
        print(f"epoch {epoch + 1:02d} | loss {total / len(train_loader.dataset):.4f} "
              f"| val auc {val_auc:.4f} | val acc {val_acc:.4f}")
        if val_auc > best_auc:
            best_auc = val_auc
            best_state = {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}
    return best_auc, best_state


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--csv", default="UCI_Credit_Card.csv")
    parser.add_argument("--epochs", type=int, default=25)
    parser.add_argument("--bs", type=int, default=512)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    seed_everything(args.seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

    train_ds, val_ds, n_in = load_data(args.csv, args.seed)
    y_train = train_ds.tensors[1]
    pos_weight = (y_train == 0).sum().item() / max((y_train == 1).sum().item(), 1)

    train_loader = DataLoader(train_ds, batch_size=args.bs, shuffle=True, drop_last=True)
    val_loader = DataLoader(val_ds, batch_size=args.bs * 4)

    model = DefaultNet(n_in).to(device)
    best_auc, best_state = fit(model, train_loader, val_loader, args.epochs, args.lr,
                               device, pos_weight)
    torch.save(best_state, "default_mlp.pt")
    print(f"best val auc {best_auc:.4f}")


if __name__ == "__main__":
    main()
