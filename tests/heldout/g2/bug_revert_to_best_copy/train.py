# Tabular regression baseline (house prices) -- converted from notebook
import copy
import time

import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from torch.utils.data import DataLoader, TensorDataset

SEED = 42
BATCH_SIZE = 128
EPOCHS = 200
LR = 3e-3
PATIENCE = 5
DEVICE = "cuda" if torch.cuda.is_available() else "cpu"

torch.manual_seed(SEED)
np.random.seed(SEED)

df = pd.read_csv("../input/train.csv")
target = np.log1p(df.pop("SalePrice").values).astype(np.float32)
df = df.select_dtypes(include=[np.number]).fillna(0)
X = StandardScaler().fit_transform(df.values).astype(np.float32)  # <- TL005 (a second, real leak the writer did not label)

X_tr, X_va, y_tr, y_va = train_test_split(X, target, test_size=0.2, random_state=SEED)
train_dl = DataLoader(TensorDataset(torch.from_numpy(X_tr), torch.from_numpy(y_tr)),
                      batch_size=BATCH_SIZE, shuffle=True)
valid_dl = DataLoader(TensorDataset(torch.from_numpy(X_va), torch.from_numpy(y_va)),
                      batch_size=512)


class MLP(nn.Module):
    def __init__(self, in_features, hidden=(512, 256, 64), p=0.2):
        super().__init__()
        layers = []
        prev = in_features
        for h in hidden:
            layers += [nn.Linear(prev, h), nn.BatchNorm1d(h), nn.SiLU(), nn.Dropout(p)]
            prev = h
        layers.append(nn.Linear(prev, 1))
        self.net = nn.Sequential(*layers)

    def forward(self, x):
        return self.net(x).squeeze(-1)


net = MLP(X.shape[1]).to(DEVICE)
opt = torch.optim.AdamW(net.parameters(), lr=LR, weight_decay=1e-4)
loss_fn = nn.MSELoss()


def run_valid(m):
    m.eval()
    preds, ys = [], []
    with torch.no_grad():
        for xb, yb in valid_dl:
            preds.append(m(xb.to(DEVICE)).cpu())
            ys.append(yb)
    preds, ys = torch.cat(preds), torch.cat(ys)
    return torch.sqrt(((preds - ys) ** 2).mean()).item()


best_rmse = float("inf")
best_net = copy.deepcopy(net)
bad_epochs = 0
history = []

for epoch in range(EPOCHS):
    t0 = time.time()
    net.train()
    tr_loss = 0.0
    for xb, yb in train_dl:
        xb, yb = xb.to(DEVICE), yb.to(DEVICE)
        opt.zero_grad()
        loss = loss_fn(net(xb), yb)
        loss.backward()
        opt.step()
        tr_loss += loss.item() * len(xb)
    tr_loss /= len(train_dl.dataset)

    rmse = run_valid(net)
    history.append((tr_loss, rmse))
    print(f"[{epoch:03d}] train_mse={tr_loss:.4f} valid_rmse={rmse:.4f} ({time.time() - t0:.1f}s)")

    if rmse < best_rmse:
        best_rmse = rmse
        best_net = copy.deepcopy(net)
        bad_epochs = 0
    else:
        bad_epochs += 1
        if bad_epochs >= PATIENCE:
            # roll back to the best weights and keep going with a smaller lr
            net = copy.deepcopy(best_net)  # EXPECT: TL001  # <- TL001
            for g in opt.param_groups:
                g["lr"] *= 0.3
            bad_epochs = 0
            print(f"  -> rollback, lr now {opt.param_groups[0]['lr']:.2e}")
            if opt.param_groups[0]["lr"] < 1e-6:
                break

print("best valid rmse:", best_rmse)
torch.save(best_net.state_dict(), "mlp_best.pth")
pd.DataFrame(history, columns=["train_mse", "valid_rmse"]).to_csv("history.csv", index=False)
