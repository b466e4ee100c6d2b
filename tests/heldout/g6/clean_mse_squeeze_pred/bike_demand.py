# Bike sharing demand: hourly rentals regression with an embedding MLP.
import argparse
import logging

import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

logging.basicConfig(level=logging.INFO, format="%(asctime)s | %(message)s")
log = logging.getLogger(__name__)

NUM_COLS = ["temp", "atemp", "humidity", "windspeed"]
CAT_COLS = ["season", "holiday", "workingday", "weather", "hour", "weekday", "month"]


def featurize(df):
    dt = pd.to_datetime(df["datetime"])
    df = df.assign(hour=dt.dt.hour, weekday=dt.dt.weekday, month=dt.dt.month - 1)
    num = df[NUM_COLS].values.astype(np.float32)
    num = (num - num.mean(0)) / (num.std(0) + 1e-6)
    cat = df[CAT_COLS].values.astype(np.int64)
    y = np.log1p(df["count"].values).astype(np.float32)
    return num, cat, y


class DemandNet(nn.Module):
    def __init__(self, cardinalities, n_num, emb_dim=8, hidden=128):
        super().__init__()
        self.embs = nn.ModuleList([nn.Embedding(c, emb_dim) for c in cardinalities])
        self.mlp = nn.Sequential(
            nn.Linear(emb_dim * len(cardinalities) + n_num, hidden),
            nn.ReLU(),
            nn.Linear(hidden, hidden),
            nn.ReLU(),
            nn.Linear(hidden, 1),
        )

    def forward(self, num, cat):
        e = [emb(cat[:, i]) for i, emb in enumerate(self.embs)]
        return self.mlp(torch.cat(e + [num], dim=1))


def train_model(net, train_loader, val_loader, epochs, lr, device):
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    crit = nn.MSELoss()
    for epoch in range(epochs):
        net.train()
        tr_loss = 0.0
        for num, cat, y in train_loader:
            num, cat, y = num.to(device), cat.to(device), y.to(device)
            pred = net(num, cat).squeeze(1)
            loss = crit(pred, y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            tr_loss += loss.item() * y.size(0)

        net.eval()
        va_loss = 0.0
        with torch.no_grad():
            for num, cat, y in val_loader:
                num, cat, y = num.to(device), cat.to(device), y.to(device)
                va_loss += crit(net(num, cat).squeeze(1), y).item() * y.size(0)
        log.info("epoch %d  train RMSLE %.4f  val RMSLE %.4f", epoch,
                 np.sqrt(tr_loss / len(train_loader.dataset)),
                 np.sqrt(va_loss / len(val_loader.dataset)))
    return net


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--csv", default="train.csv")
    ap.add_argument("--epochs", type=int, default=40)
    ap.add_argument("--lr", type=float, default=1e-3)
    args = ap.parse_args()

    df = pd.read_csv(args.csv)
    num, cat, y = featurize(df)  # <- TL005
    # the last ~20% of days are held out (time-based split)
    split = int(len(df) * 0.8)
    to_t = torch.from_numpy
    train_ds = TensorDataset(to_t(num[:split]), to_t(cat[:split]), to_t(y[:split]))
    val_ds = TensorDataset(to_t(num[split:]), to_t(cat[split:]), to_t(y[split:]))
    train_loader = DataLoader(train_ds, batch_size=256, shuffle=True)
    val_loader = DataLoader(val_ds, batch_size=1024)

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    cards = [int(cat[:, i].max()) + 1 for i in range(cat.shape[1])]
    net = DemandNet(cards, num.shape[1]).to(device)
    net = train_model(net, train_loader, val_loader, args.epochs, args.lr, device)
    torch.save(net.state_dict(), "demand_net.pt")


if __name__ == "__main__":
    main()
