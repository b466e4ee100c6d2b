#!/usr/bin/env python
# coding: utf-8
# Credit card fraud detection with a small feed-forward net
# (converted from the notebook)

import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from torch.utils.data import DataLoader, TensorDataset

SEED = 2021
EPOCHS = 15
BATCH_SIZE = 2048
LR = 1e-3

np.random.seed(SEED)
torch.manual_seed(SEED)
device = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")

# In[2]:
df = pd.read_csv("../input/creditcardfraud/creditcard.csv")
print(df.shape)
print(df["Class"].value_counts())

# In[3]:
df["Hour"] = (df["Time"] // 3600) % 24
df["LogAmount"] = np.log1p(df["Amount"])
features = [c for c in df.columns if c not in ("Class", "Time", "Amount")]
X = df[features].values.astype(np.float32)
y = df["Class"].values.astype(np.float32)

# In[4]:
sc = StandardScaler()
X = sc.fit_transform(X)  # EXPECT: TL005  # <- TL005

X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.2, stratify=y, random_state=SEED
)
print("train", X_train.shape, "test", X_test.shape)

# In[5]:
train_ds = TensorDataset(torch.tensor(X_train, dtype=torch.float32), torch.tensor(y_train))
test_ds = TensorDataset(torch.tensor(X_test, dtype=torch.float32), torch.tensor(y_test))
train_loader = DataLoader(train_ds, batch_size=BATCH_SIZE, shuffle=True)
test_loader = DataLoader(test_ds, batch_size=BATCH_SIZE * 2)

# In[6]:
model = nn.Sequential(
    nn.Linear(X_train.shape[1], 64),
    nn.ReLU(),
    nn.Dropout(0.2),
    nn.Linear(64, 32),
    nn.ReLU(),
    nn.Linear(32, 1),
).to(device)

pos_weight = torch.tensor([(y_train == 0).sum() / (y_train == 1).sum()], device=device)
criterion = nn.BCEWithLogitsLoss(pos_weight=pos_weight)
optimizer = torch.optim.Adam(model.parameters(), lr=LR)


def predict(loader):
    model.eval()
    out = []
    with torch.no_grad():
        for xb, _ in loader:
            out.append(torch.sigmoid(model(xb.to(device))).squeeze(1).cpu())
    return torch.cat(out).numpy()


# In[7]:
for epoch in range(EPOCHS):
    model.train()
    total = 0.0
    for xb, yb in train_loader:
        xb, yb = xb.to(device), yb.to(device)
        optimizer.zero_grad()
        logits = model(xb).squeeze(1)
        loss = criterion(logits, yb)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(xb)
    probs = predict(test_loader)
    print(
        f"Epoch {epoch + 1}/{EPOCHS} loss={total / len(train_ds):.4f} "
        f"AUC={roc_auc_score(y_test, probs):.4f} AP={average_precision_score(y_test, probs):.4f}"
    )

# In[8]:
torch.save(model.state_dict(), "fraud_mlp.pth")
