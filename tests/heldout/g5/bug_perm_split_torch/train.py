# Protein solubility classifier on precomputed embeddings.
import json
import logging

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset
from tqdm import tqdm

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
log = logging.getLogger("solub")

CFG = {
    "features": "embeddings/esm_mean.npy",
    "labels": "embeddings/labels.npy",
    "val_frac": 0.15,
    "batch_size": 128,
    "epochs": 30,
    "lr": 3e-4,
    "dropout": 0.3,
    "seed": 17,
    "ckpt": "solub_head.pt",
}


class Head(nn.Module):
    def __init__(self, dim, n_classes=2, p=0.3):
        super().__init__()
        self.fc1 = nn.Linear(dim, 512)
        self.bn = nn.BatchNorm1d(512)
        self.drop = nn.Dropout(p)
        self.fc2 = nn.Linear(512, n_classes)

    def forward(self, x):
        return self.fc2(self.drop(F.gelu(self.bn(self.fc1(x)))))


def accuracy(logits, y):
    return (logits.argmax(1) == y).float().mean().item()


def main(cfg):
    np.random.seed(cfg["seed"])
    torch.manual_seed(cfg["seed"])
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

    X = torch.from_numpy(np.load(cfg["features"])).float()
    y = torch.from_numpy(np.load(cfg["labels"])).long()
    n = X.shape[0]

    feat_mean, feat_std = X.mean(0, keepdim=True), X.std(0, keepdim=True)  # EXPECT: TL005  # <- TL005
    X = (X - feat_mean) / (feat_std + 1e-6)

    idx = np.random.permutation(n)
    n_val = int(cfg["val_frac"] * n)
    va_idx, tr_idx = idx[:n_val], idx[n_val:]
    tr_idx, va_idx = torch.from_numpy(tr_idx), torch.from_numpy(va_idx)

    train_dl = DataLoader(TensorDataset(X[tr_idx], y[tr_idx]), batch_size=cfg["batch_size"],
                          shuffle=True, drop_last=True)
    val_dl = DataLoader(TensorDataset(X[va_idx], y[va_idx]), batch_size=512)
    log.info("train %d / val %d", len(tr_idx), len(va_idx))

    model = Head(X.shape[1], p=cfg["dropout"]).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=cfg["lr"], weight_decay=0.01)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=cfg["epochs"])
    loss_fn = nn.CrossEntropyLoss()

    best_acc = 0.0
    for epoch in range(cfg["epochs"]):
        model.train()
        pbar = tqdm(train_dl, desc=f"ep{epoch}", leave=False)
        for xb, yb in pbar:
            xb, yb = xb.to(device), yb.to(device)
            logits = model(xb)
            loss = loss_fn(logits, yb)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            pbar.set_postfix(loss=f"{loss.item():.3f}")
        scheduler.step()

        model.eval()
        accs = []
        with torch.no_grad():
            for xb, yb in val_dl:
                accs.append(accuracy(model(xb.to(device)), yb.to(device)))
        val_acc = float(np.mean(accs))
        log.info("epoch %d val_acc %.4f", epoch, val_acc)
        if val_acc > best_acc:
            best_acc = val_acc
            torch.save({"model": model.state_dict(), "cfg": cfg}, cfg["ckpt"])

    with open("solub_metrics.json", "w") as f:
        json.dump({"best_val_acc": best_acc}, f)


if __name__ == "__main__":
    main(CFG)
