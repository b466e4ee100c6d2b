"""Bike Sharing Demand - embedding-free MLP on one-hot + scaled numeric features."""
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.preprocessing import StandardScaler
from tqdm import tqdm

DATA = "../input/bike-sharing-demand"
EPOCHS = 120
BATCH = 128
LR = 1e-3
SEED = 2

torch.manual_seed(SEED)
device = "cuda" if torch.cuda.is_available() else "cpu"

train = pd.read_csv(f"{DATA}/train.csv", parse_dates=["datetime"])
test = pd.read_csv(f"{DATA}/test.csv", parse_dates=["datetime"])
y = np.log1p(train["count"].values).astype(np.float32)
n_train = len(train)

full = pd.concat([train.drop(columns=["casual", "registered", "count"]), test],
                 axis=0, ignore_index=True)
full["hour"] = full["datetime"].dt.hour
full["dow"] = full["datetime"].dt.dayofweek
full["month"] = full["datetime"].dt.month
full["year"] = full["datetime"].dt.year - 2011

cat_cols = ["season", "weather", "hour", "dow", "month"]
num_cols = ["temp", "atemp", "humidity", "windspeed", "year", "holiday", "workingday"]
onehot = pd.get_dummies(full[cat_cols].astype(str), dtype=np.float32)

scaler = StandardScaler()
scaler.fit(full.iloc[:n_train][num_cols])
num = scaler.transform(full[num_cols]).astype(np.float32)

X = np.hstack([num, onehot.values])
X_train, X_test = X[:n_train], X[n_train:]


class DemandNet(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.f = nn.Sequential(nn.Linear(d, 256), nn.ReLU(), nn.Dropout(0.2),
                               nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 1))

    def forward(self, x):
        return self.f(x).squeeze(-1)


model = DemandNet(X.shape[1]).to(device)
optimizer = torch.optim.Adam(model.parameters(), lr=LR)
scheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=[60, 100], gamma=0.2)
criterion = nn.MSELoss()

Xt = torch.from_numpy(X_train).to(device)
yt = torch.from_numpy(y).to(device)

for epoch in tqdm(range(EPOCHS)):
    model.train()
    perm = torch.randperm(n_train, device=device)
    running = 0.0
    for i in range(0, n_train, BATCH):
        b = perm[i:i + BATCH]
        optimizer.zero_grad()
        loss = criterion(model(Xt[b]), yt[b])
        loss.backward()
        optimizer.step()
        running += loss.item() * len(b)
    scheduler.step()
    if epoch % 20 == 0:
        tqdm.write(f"epoch {epoch} RMSLE(train) {(running / n_train) ** 0.5:.4f}")

model.eval()
with torch.no_grad():
    pred = model(torch.from_numpy(X_test).to(device)).cpu().numpy()
sub = pd.DataFrame({"datetime": test["datetime"], "count": np.clip(np.expm1(pred), 0, None)})
sub.to_csv("submission.csv", index=False)
print(sub.head())
