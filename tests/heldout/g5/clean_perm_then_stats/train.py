# Cancer subtype classification from bulk RNA-seq (log TPM), simple MLP head.
import logging

import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset
from tqdm import trange

logging.basicConfig(level=logging.INFO, format="[%(levelname)s] %(message)s")
logger = logging.getLogger(__name__)

config = {
    "expr": "data/tcga_brca_logtpm.csv",
    "labels": "data/tcga_brca_pam50.csv",
    "n_genes": 2000,
    "test_frac": 0.2,
    "batch_size": 64,
    "epochs": 100,
    "lr": 1e-3,
    "weight_decay": 1e-3,
    "seed": 123,
}


def select_genes_by_variance(X_train, k):
    return np.argsort(X_train.var(axis=0))[::-1][:k].copy()


class SubtypeNet(nn.Module):
    def __init__(self, n_in, n_classes):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(n_in, 256), nn.ReLU(), nn.Dropout(0.5),
                                     nn.Linear(256, 64), nn.ReLU())
        self.cls = nn.Linear(64, n_classes)

    def forward(self, x):
        return self.cls(self.encoder(x))


def main(cfg):
    np.random.seed(cfg["seed"])
    torch.manual_seed(cfg["seed"])
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

    expr = pd.read_csv(cfg["expr"], index_col=0)
    lab = pd.read_csv(cfg["labels"], index_col=0).loc[expr.index, "subtype"]
    classes = sorted(lab.unique())
    X = expr.values.astype(np.float32)
    y = lab.map({c: i for i, c in enumerate(classes)}).values.astype(np.int64)

    n = X.shape[0]
    idx = np.random.permutation(n)
    n_test = int(cfg["test_frac"] * n)
    te_idx, tr_idx = idx[:n_test], idx[n_test:]

    genes = select_genes_by_variance(X[tr_idx], cfg["n_genes"])
    X = X[:, genes]
    mean, std = X[tr_idx].mean(axis=0), X[tr_idx].std(axis=0) + 1e-6
    X = (X - mean) / std

    X_tr, y_tr = torch.from_numpy(X[tr_idx]), torch.from_numpy(y[tr_idx])
    X_te, y_te = torch.from_numpy(X[te_idx]), torch.from_numpy(y[te_idx])
    logger.info("train %s test %s classes %s", tuple(X_tr.shape), tuple(X_te.shape), classes)

    loader = DataLoader(TensorDataset(X_tr, y_tr), batch_size=cfg["batch_size"], shuffle=True)
    model = SubtypeNet(X.shape[1], len(classes)).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=cfg["lr"], weight_decay=cfg["weight_decay"])
    criterion = nn.CrossEntropyLoss()

    for epoch in trange(cfg["epochs"]):
        model.train()
        for xb, yb in loader:
            xb, yb = xb.to(device), yb.to(device)
            optimizer.zero_grad()
            loss = criterion(model(xb), yb)
            loss.backward()
            optimizer.step()
        if (epoch + 1) % 20 == 0:
            model.eval()
            with torch.no_grad():
                acc = (model(X_te.to(device)).argmax(1).cpu() == y_te).float().mean().item()
            logger.info("epoch %d loss %.4f test acc %.4f", epoch + 1, loss.item(), acc)

    torch.save({"model": model.state_dict(), "genes": genes, "mean": mean, "std": std,
                "classes": classes}, "subtype_mlp.pt")


if __name__ == "__main__":
    main(config)
