#!/usr/bin/env python
# Telco customer churn - PyTorch baseline (exported from notebook)

import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.metrics import f1_score, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from torch.utils.data import DataLoader, TensorDataset

RANDOM_STATE = 42
EPOCHS = 40
BATCH = 64
LR = 2e-3
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
torch.manual_seed(RANDOM_STATE)

# ---- load & clean ----
df = pd.read_csv("../input/telco-customer-churn/WA_Fn-UseC_-Telco-Customer-Churn.csv")
df["TotalCharges"] = pd.to_numeric(df["TotalCharges"], errors="coerce").fillna(0.0)
df = df.drop(columns=["customerID"])
y = (df.pop("Churn") == "Yes").astype(np.float32).values
df = pd.get_dummies(df, drop_first=True, dtype=np.float32)
X = df.values.astype(np.float32)
print(X.shape, y.mean())

# ---- split ----
X_trval, X_test, y_trval, y_test = train_test_split(
    X, y, test_size=0.2, stratify=y, random_state=RANDOM_STATE)
X_train, X_val, y_train, y_val = train_test_split(
    X_trval, y_trval, test_size=0.125, stratify=y_trval, random_state=RANDOM_STATE)

# ---- scale ----
scaler = StandardScaler()
X_train = scaler.fit_transform(X_train)
X_val = scaler.transform(X_val)
X_test = scaler.transform(X_test)


def to_loader(X_, y_, shuffle):
    ds = TensorDataset(torch.tensor(X_, dtype=torch.float32), torch.tensor(y_, dtype=torch.float32))
    return DataLoader(ds, batch_size=BATCH, shuffle=shuffle)


train_loader = to_loader(X_train, y_train, True)
val_loader = to_loader(X_val, y_val, False)
test_loader = to_loader(X_test, y_test, False)

model = nn.Sequential(
    nn.Linear(X_train.shape[1], 64), nn.ReLU(), nn.Dropout(0.3),
    nn.Linear(64, 32), nn.ReLU(), nn.Dropout(0.3),
    nn.Linear(32, 1),
).to(device)
criterion = nn.BCEWithLogitsLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=LR, weight_decay=1e-4)


@torch.no_grad()
def predict_proba(loader):
    model.eval()
    return torch.cat([torch.sigmoid(model(xb.to(device))).squeeze(1).cpu() for xb, _ in loader]).numpy()


best_auc, best_state = 0.0, None
for epoch in range(1, EPOCHS + 1):
    model.train()
    for xb, yb in train_loader:
        xb, yb = xb.to(device), yb.to(device)
        optimizer.zero_grad()
        loss = criterion(model(xb).squeeze(1), yb)
        loss.backward()
        optimizer.step()
    val_auc = roc_auc_score(y_val, predict_proba(val_loader))
    if val_auc > best_auc:
        best_auc = val_auc
        best_state = {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}
    if epoch % 5 == 0:
        print(f"epoch {epoch:02d} loss {loss.item():.4f} val AUC {val_auc:.4f}")

model.load_state_dict(best_state)
p_test = predict_proba(test_loader)
print(f"test AUC {roc_auc_score(y_test, p_test):.4f}  F1 {f1_score(y_test, p_test > 0.5):.4f}")
torch.save(model.state_dict(), "churn_mlp.pt")
