# Tabular Playground - binary classification with a simple PyTorch MLP
import os
import random

import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from torch.utils.data import DataLoader, TensorDataset

CFG = {
    "data_dir": "../input/tabular-playground-series",
    "seed": 2024,
    "epochs": 30,
    "batch_size": 1024,
    "lr": 2e-3,
    "hidden": 512,
    "dropout": 0.3,
    "val_size": 0.2,
}

TARGET = "target"
ID_COL = "id"


def seed_all(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    os.environ["PYTHONHASHSEED"] = str(seed)


def preprocess(df, features, scaler=None):
    x = df[features].copy()
    x = x.fillna(0.0)
    x["f_sum"] = x.sum(axis=1)
    x["f_nan_cnt"] = df[features].isna().sum(axis=1)
    if scaler is None:
        scaler = StandardScaler()
        scaler.fit(x.values)  # <- TL005
    return scaler.transform(x.values).astype(np.float32), scaler


class Net(nn.Module):
    def __init__(self, in_features, hidden, dropout):
        super().__init__()
        self.body = nn.Sequential(
            nn.Linear(in_features, hidden), nn.BatchNorm1d(hidden), nn.ReLU(), nn.Dropout(dropout),
            nn.Linear(hidden, hidden // 2), nn.BatchNorm1d(hidden // 2), nn.ReLU(), nn.Dropout(dropout),
            nn.Linear(hidden // 2, 1),
        )

    def forward(self, x):
        return self.body(x).squeeze(-1)


def predict(model, x, device, bs=4096):
    model.eval()
    out = []
    with torch.no_grad():
        for i in range(0, len(x), bs):
            xb = torch.from_numpy(x[i:i + bs]).to(device)
            out.append(torch.sigmoid(model(xb)).cpu().numpy())
    return np.concatenate(out)


seed_all(CFG["seed"])
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

train_df = pd.read_csv(os.path.join(CFG["data_dir"], "train.csv"))
test_df = pd.read_csv(os.path.join(CFG["data_dir"], "test.csv"))
features = [c for c in train_df.columns if c not in (TARGET, ID_COL)]

tr_df, va_df = train_test_split(train_df, test_size=CFG["val_size"], random_state=CFG["seed"],
                                stratify=train_df[TARGET])
X_tr, scaler = preprocess(tr_df, features)
X_va, _ = preprocess(va_df, features, scaler)
X_te, _ = preprocess(test_df, features)  # EXPECT: TL005
y_tr = tr_df[TARGET].values.astype(np.float32)
y_va = va_df[TARGET].values.astype(np.float32)

train_loader = DataLoader(TensorDataset(torch.from_numpy(X_tr), torch.from_numpy(y_tr)),
                          batch_size=CFG["batch_size"], shuffle=True, drop_last=True)

model = Net(X_tr.shape[1], CFG["hidden"], CFG["dropout"]).to(device)
optimizer = torch.optim.Adam(model.parameters(), lr=CFG["lr"])
scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=CFG["lr"],
                                                total_steps=CFG["epochs"] * len(train_loader))
criterion = nn.BCEWithLogitsLoss()

best_auc = 0.0
for epoch in range(CFG["epochs"]):
    model.train()
    epoch_loss = 0.0
    for xb, yb in train_loader:
        xb, yb = xb.to(device), yb.to(device)
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
        scheduler.step()
        epoch_loss += loss.item()

    va_pred = predict(model, X_va, device)
    auc = roc_auc_score(y_va, va_pred)
    print(f"Epoch {epoch + 1:02d} | loss {epoch_loss / len(train_loader):.4f} | val AUC {auc:.5f}")
    if auc > best_auc:
        best_auc = auc
        torch.save(model.state_dict(), "best_mlp.pt")

model.load_state_dict(torch.load("best_mlp.pt", map_location=device))
sub = pd.DataFrame({ID_COL: test_df[ID_COL], TARGET: predict(model, X_te, device)})
sub.to_csv("submission.csv", index=False)
print(f"best val AUC {best_auc:.5f}; wrote submission.csv")
