"""House prices - PyTorch MLP baseline.

Usage: python train.py  (expects ./input/train.csv and ./input/test.csv)
"""
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.preprocessing import MinMaxScaler
from tqdm.auto import tqdm

INPUT = "./input"
N_EPOCHS = 300
BS = 64
LR = 5e-4

torch.manual_seed(0)
dev = "cuda" if torch.cuda.is_available() else "cpu"

train_df = pd.read_csv(f"{INPUT}/train.csv")
test_df = pd.read_csv(f"{INPUT}/test.csv")
target = np.log1p(train_df.pop("SalePrice").values).astype(np.float32)
test_ids = test_df["Id"].values

num_cols = [c for c in train_df.columns if train_df[c].dtype != object and c != "Id"]
cat_cols = [c for c in train_df.columns if train_df[c].dtype == object]

for df in (train_df, test_df):
    df[num_cols] = df[num_cols].fillna(0)
    df[cat_cols] = df[cat_cols].fillna("missing")
    df["TotalSF"] = df["TotalBsmtSF"] + df["1stFlrSF"] + df["2ndFlrSF"]
num_cols.append("TotalSF")

both = pd.concat([train_df, test_df], axis=0, ignore_index=True)
dummies = pd.get_dummies(both[cat_cols], dummy_na=False).astype(np.float32)

scaler = MinMaxScaler()
scaler.fit(both[num_cols])  # EXPECT: TL005  # <- TL005
num_train = scaler.transform(train_df[num_cols])
num_test = scaler.transform(test_df[num_cols])

n_tr = len(train_df)
X_all = np.hstack([num_train, dummies.values[:n_tr]]).astype(np.float32)
X_sub = np.hstack([num_test, dummies.values[n_tr:]]).astype(np.float32)


class PriceNet(nn.Module):
    def __init__(self, n_in):
        super().__init__()
        self.body = nn.Sequential(
            nn.Linear(n_in, 256), nn.ReLU(), nn.Dropout(0.3),
            nn.Linear(256, 64), nn.ReLU(),
            nn.Linear(64, 1),
        )

    def forward(self, x):
        return self.body(x).squeeze(-1)


net = PriceNet(X_all.shape[1]).to(dev)
opt = torch.optim.Adam(net.parameters(), lr=LR, weight_decay=1e-4)
sched = torch.optim.lr_scheduler.StepLR(opt, step_size=100, gamma=0.3)
loss_fn = nn.MSELoss()

Xt = torch.from_numpy(X_all).to(dev)
yt = torch.from_numpy(target).to(dev)

for ep in tqdm(range(N_EPOCHS)):
    net.train()
    perm = torch.randperm(len(Xt), device=dev)
    epoch_loss = 0.0
    for i in range(0, len(Xt), BS):
        b = perm[i:i + BS]
        opt.zero_grad()
        loss = loss_fn(net(Xt[b]), yt[b])
        loss.backward()
        opt.step()
        epoch_loss += loss.item() * len(b)
    sched.step()
    if ep % 25 == 0:
        tqdm.write(f"epoch {ep} train rmse(log) {(epoch_loss / len(Xt)) ** 0.5:.4f}")

net.eval()
with torch.no_grad():
    preds = net(torch.from_numpy(X_sub).to(dev)).cpu().numpy()
pd.DataFrame({"Id": test_ids, "SalePrice": np.expm1(preds)}).to_csv("submission.csv", index=False)
