"""Telco customer churn prediction with a small feed-forward network."""
import logging

import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.metrics import f1_score, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from torch.utils.data import DataLoader, TensorDataset

logging.basicConfig(level=logging.INFO)
logger = logging.getLogger(__name__)

PARAMS = {
    "csv": "WA_Fn-UseC_-Telco-Customer-Churn.csv",
    "layers": [64, 32],
    "dropout": 0.25,
    "lr": 5e-4,
    "epochs": 80,
    "batch_size": 128,
}


class ChurnNet(nn.Module):
    def __init__(self, n_in, layers, dropout):
        super().__init__()
        self.net = nn.Sequential()
        prev = n_in
        for i, width in enumerate(layers):
            self.net.add_module(f"dense_{i}", nn.Linear(prev, width))
            self.net.add_module(f"relu_{i}", nn.ReLU())
            self.net.add_module(f"dropout_{i}", nn.Dropout(dropout))
            prev = width
        self.net.add_module("output", nn.Linear(prev, 1))
        self.net.add_module("sigmoid", nn.Sigmoid())

    def forward(self, x):
        return self.net(x).view(-1)


class Trainer:
    def __init__(self, model, params):
        self.model = model
        self.params = params
        self.criterion = nn.BCELoss()
        self.optimizer = torch.optim.Adam(model.parameters(), lr=params["lr"])

    def fit(self, train_dl, val_dl):
        best_auc = 0.0
        for epoch in range(self.params["epochs"]):
            self.model.train()
            losses = []
            for xb, yb in train_dl:
                prob = self.model(xb)
                loss = self.criterion(prob, yb)
                self.optimizer.zero_grad()
                loss.backward()
                self.optimizer.step()
                losses.append(loss.item())
            auc, f1 = self.evaluate(val_dl)
            if epoch % 10 == 0:
                logger.info("epoch %d loss %.4f val auc %.4f f1 %.4f", epoch, np.mean(losses), auc, f1)
            if auc > best_auc:
                best_auc = auc
                torch.save(self.model.state_dict(), "churn_best.pt")
        return best_auc

    @torch.no_grad()
    def evaluate(self, dl):
        self.model.eval()
        probs, ys = [], []
        for xb, yb in dl:
            probs.append(self.model(xb))
            ys.append(yb)
        p = torch.cat(probs).numpy()
        y = torch.cat(ys).numpy()
        return roc_auc_score(y, p), f1_score(y, p > 0.5)


def load_data(path):
    df = pd.read_csv(path)
    df["TotalCharges"] = pd.to_numeric(df["TotalCharges"], errors="coerce").fillna(0.0)
    y = (df.pop("Churn") == "Yes").astype(np.float32).values
    df = df.drop(columns=["customerID"])
    X = pd.get_dummies(df, drop_first=True).astype(np.float32).values
    return X, y


def main():
    X, y = load_data(PARAMS["csv"])
    X_tr, X_va, y_tr, y_va = train_test_split(X, y, test_size=0.2, stratify=y, random_state=0)
    scaler = StandardScaler().fit(X_tr)
    X_tr, X_va = scaler.transform(X_tr).astype(np.float32), scaler.transform(X_va).astype(np.float32)
    train_dl = DataLoader(TensorDataset(torch.from_numpy(X_tr), torch.from_numpy(y_tr)),
                          batch_size=PARAMS["batch_size"], shuffle=True)
    val_dl = DataLoader(TensorDataset(torch.from_numpy(X_va), torch.from_numpy(y_va)), batch_size=1024)

    model = ChurnNet(X.shape[1], PARAMS["layers"], PARAMS["dropout"])
    best = Trainer(model, PARAMS).fit(train_dl, val_dl)
    logger.info("best validation AUC: %.4f", best)


if __name__ == "__main__":
    main()
