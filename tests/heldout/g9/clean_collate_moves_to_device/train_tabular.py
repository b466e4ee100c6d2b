"""Entity-embedding MLP for the credit default dataset.

The whole dataset fits in memory, so batches are assembled and pushed to the GPU
inside the collate function (single-process loading).
"""
import argparse
from functools import partial

import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split
from torch.utils.data import DataLoader, Dataset

CAT_COLS = ["SEX", "EDUCATION", "MARRIAGE", "PAY_0", "PAY_2", "PAY_3"]
NUM_COLS = ["LIMIT_BAL", "AGE", "BILL_AMT1", "BILL_AMT2", "PAY_AMT1", "PAY_AMT2"]
TARGET = "default.payment.next.month"


class CreditDataset(Dataset):
    def __init__(self, df, cat_maps, num_stats):
        self.cats = np.stack([df[c].map(cat_maps[c]).fillna(0).values for c in CAT_COLS], 1).astype(np.int64)
        mu, sd = num_stats
        self.nums = ((df[NUM_COLS].values - mu) / sd).astype(np.float32)
        self.y = df[TARGET].values.astype(np.float32)

    def __len__(self):
        return len(self.y)

    def __getitem__(self, i):
        return self.cats[i], self.nums[i], self.y[i]


def collate_to_device(batch, device):
    cats, nums, ys = zip(*batch)
    return (torch.from_numpy(np.stack(cats)).to(device),
            torch.from_numpy(np.stack(nums)).to(device),
            torch.tensor(ys, dtype=torch.float32, device=device))


class EntityEmbeddingNet(nn.Module):
    def __init__(self, cardinalities, n_num, hidden=(256, 128), dropout=0.2):
        super().__init__()
        self.embs = nn.ModuleList([nn.Embedding(n + 1, min(16, (n + 2) // 2)) for n in cardinalities])
        emb_dim = sum(e.embedding_dim for e in self.embs)
        layers, d = [], emb_dim + n_num
        for h in hidden:
            layers += [nn.Linear(d, h), nn.BatchNorm1d(h), nn.ReLU(), nn.Dropout(dropout)]
            d = h
        self.mlp = nn.Sequential(*layers)
        self.out = nn.Linear(d, 1)

    def forward(self, cats, nums):
        e = torch.cat([emb(cats[:, i]) for i, emb in enumerate(self.embs)], dim=1)
        return self.out(self.mlp(torch.cat([e, nums], dim=1))).squeeze(1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--csv", default="data/UCI_Credit_Card.csv")
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--bs", type=int, default=512)
    ap.add_argument("--lr", type=float, default=3e-3)
    args = ap.parse_args()

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    df = pd.read_csv(args.csv)
    train_df, valid_df = train_test_split(df, test_size=0.2, stratify=df[TARGET], random_state=0)
    cat_maps = {c: {v: i + 1 for i, v in enumerate(sorted(train_df[c].unique()))} for c in CAT_COLS}
    num_stats = (train_df[NUM_COLS].values.mean(0), train_df[NUM_COLS].values.std(0) + 1e-6)

    collate = partial(collate_to_device, device=device)
    train_dl = DataLoader(CreditDataset(train_df, cat_maps, num_stats), batch_size=args.bs,
                          shuffle=True, collate_fn=collate, num_workers=0)
    valid_dl = DataLoader(CreditDataset(valid_df, cat_maps, num_stats), batch_size=4096,
                          collate_fn=collate, num_workers=0)

    model = EntityEmbeddingNet([len(cat_maps[c]) for c in CAT_COLS], len(NUM_COLS)).to(device)
    n_pos = int((train_df[TARGET] == 1).sum())
    pos_weight = torch.tensor([(len(train_df) - n_pos) / n_pos], dtype=torch.float32, device=device)
    loss_fn = nn.BCEWithLogitsLoss(pos_weight=pos_weight)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode="max", factor=0.5, patience=2)

    best_auc = 0.0
    for epoch in range(args.epochs):
        model.train()
        losses = []
        for cats, nums, y in train_dl:
            opt.zero_grad()
            loss = loss_fn(model(cats, nums), y)
            loss.backward()
            opt.step()
            losses.append(loss.item())

        model.eval()
        scores, labels = [], []
        with torch.no_grad():
            for cats, nums, y in valid_dl:
                scores.append(torch.sigmoid(model(cats, nums)).cpu().numpy())
                labels.append(y.cpu().numpy())
        auc = roc_auc_score(np.concatenate(labels), np.concatenate(scores))
        sched.step(auc)
        print(f"epoch {epoch:02d} loss {np.mean(losses):.4f} val_auc {auc:.4f}")
        if auc > best_auc:
            best_auc = auc
            torch.save(model.state_dict(), "credit_mlp.pt")


if __name__ == "__main__":
    main()
