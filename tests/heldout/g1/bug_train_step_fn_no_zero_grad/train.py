"""Tabular regression baseline (house prices) - converted from notebook."""
import os
import random

import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from torch.utils.data import DataLoader, TensorDataset
from tqdm import tqdm

CFG = {
    "csv": "input/train.csv",
    "target": "SalePrice",
    "batch_size": 256,
    "epochs": 60,
    "lr": 2e-3,
    "hidden": [512, 256, 128],
    "dropout": 0.2,
    "seed": 42,
    "out": "mlp_best.pt",
}


def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.cuda.manual_seed_all(seed)
    os.environ["PYTHONHASHSEED"] = str(seed)


def load_data(cfg):
    df = pd.read_csv(cfg["csv"])
    y = np.log1p(df[cfg["target"]].values).astype(np.float32)
    X = df.drop(columns=[cfg["target"], "Id"]).select_dtypes(include=[np.number]).fillna(0).values
    X_tr, X_va, y_tr, y_va = train_test_split(X, y, test_size=0.2, random_state=cfg["seed"])
    scaler = StandardScaler().fit(X_tr)
    X_tr = scaler.transform(X_tr).astype(np.float32)
    X_va = scaler.transform(X_va).astype(np.float32)
    train_ds = TensorDataset(torch.from_numpy(X_tr), torch.from_numpy(y_tr).unsqueeze(1))
    val_ds = TensorDataset(torch.from_numpy(X_va), torch.from_numpy(y_va).unsqueeze(1))
    return train_ds, val_ds, X_tr.shape[1]


class MLP(nn.Module):
    def __init__(self, in_dim, hidden, dropout):
        super().__init__()
        layers = []
        prev = in_dim
        for h in hidden:
            layers += [nn.Linear(prev, h), nn.BatchNorm1d(h), nn.SiLU(), nn.Dropout(dropout)]
            prev = h
        layers.append(nn.Linear(prev, 1))
        self.net = nn.Sequential(*layers)

    def forward(self, x):
        return self.net(x)


def train_step(model, batch, optimizer, loss_fn, device):
    x, y = (t.to(device) for t in batch)
    pred = model(x)
    loss = loss_fn(pred, y)
    loss.backward()
    optimizer.step()  # EXPECT: TL002
    return loss.item()


@torch.no_grad()
def validate(model, loader, device):
    model.eval()
    se, n = 0.0, 0
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        pred = model(x)
        se += ((pred - y) ** 2).sum().item()
        n += y.numel()
    return (se / n) ** 0.5


def main():
    seed_everything(CFG["seed"])
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_ds, val_ds, n_features = load_data(CFG)
    train_dl = DataLoader(train_ds, batch_size=CFG["batch_size"], shuffle=True, drop_last=True)
    val_dl = DataLoader(val_ds, batch_size=CFG["batch_size"])

    model = MLP(n_features, CFG["hidden"], CFG["dropout"]).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=CFG["lr"])
    loss_fn = nn.MSELoss()

    best_rmse = float("inf")
    for epoch in range(CFG["epochs"]):
        model.train()
        pbar = tqdm(train_dl, desc=f"epoch {epoch + 1}/{CFG['epochs']}", leave=False)
        epoch_loss = 0.0
        for batch in pbar:
            loss = train_step(model, batch, optimizer, loss_fn, device)  # <- TL002
            epoch_loss += loss
            pbar.set_postfix(loss=f"{loss:.4f}")
        rmse = validate(model, val_dl, device)
        print(f"epoch {epoch + 1}: train mse {epoch_loss / len(train_dl):.4f} | val rmse(log) {rmse:.4f}")
        if rmse < best_rmse:
            best_rmse = rmse
            torch.save(model.state_dict(), CFG["out"])
    print(f"best val rmse: {best_rmse:.4f}")


if __name__ == "__main__":
    main()
