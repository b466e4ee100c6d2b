import argparse

import numpy as np
import pandas as pd
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset

from engine import recall_at_k, train_epoch
from utils import set_seed


class Tower(nn.Module):
    def __init__(self, n_ids, n_cats, dim=64):
        super().__init__()
        self.id_emb = nn.Embedding(n_ids, dim)
        self.cat_emb = nn.Embedding(n_cats, dim)
        self.mlp = nn.Sequential(nn.Linear(2 * dim, 128), nn.ReLU(), nn.Linear(128, dim))

    def forward(self, feats):
        h = torch.cat([self.id_emb(feats["id"]), self.cat_emb(feats["cat"])], dim=-1)
        return F.normalize(self.mlp(h), dim=-1)


class TwoTower(nn.Module):
    def __init__(self, n_users, n_user_cats, n_items, n_item_cats, dim=64):
        super().__init__()
        self.user_tower = Tower(n_users, n_user_cats, dim)
        self.item_tower = Tower(n_items, n_item_cats, dim)

    def forward(self, user, item):
        return self.user_tower(user), self.item_tower(item)


class Interactions(Dataset):
    def __init__(self, df, item_freq):
        self.u = df["user_idx"].values
        self.uc = df["user_region"].values
        self.i = df["item_idx"].values
        self.ic = df["item_category"].values
        self.logq = np.log(item_freq[self.i]).astype(np.float32)

    def __len__(self):
        return len(self.u)

    def __getitem__(self, n):
        return {
            "user": {"id": torch.tensor(self.u[n]), "cat": torch.tensor(self.uc[n])},
            "item": {"id": torch.tensor(self.i[n]), "cat": torch.tensor(self.ic[n])},
            "item_logq": torch.tensor(self.logq[n]),
            "item_index": torch.tensor(self.i[n]),
        }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", default="data/interactions_train.parquet")
    ap.add_argument("--valid", default="data/interactions_valid.parquet")
    ap.add_argument("--items", default="data/items.parquet")
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--bs", type=int, default=1024)
    ap.add_argument("--lr", type=float, default=1e-3)
    args = ap.parse_args()

    set_seed(7)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_df, valid_df = pd.read_parquet(args.train), pd.read_parquet(args.valid)
    items = pd.read_parquet(args.items).sort_values("item_idx")
    freq = np.bincount(train_df["item_idx"], minlength=len(items)) + 1.0
    freq = freq / freq.sum()
    item_table = {"id": torch.as_tensor(items["item_idx"].values),
                  "cat": torch.as_tensor(items["item_category"].values)}

    train_dl = DataLoader(Interactions(train_df, freq), batch_size=args.bs, shuffle=True,
                          num_workers=4, pin_memory=True, drop_last=True)
    valid_dl = DataLoader(Interactions(valid_df, freq), batch_size=4096, num_workers=4, pin_memory=True)

    model = TwoTower(train_df["user_idx"].max() + 1, train_df["user_region"].max() + 1,
                     len(items), items["item_category"].max() + 1).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)

    for epoch in range(args.epochs):
        loss = train_epoch(model, train_dl, optimizer, device)
        r50 = recall_at_k(model, valid_dl, item_table, device, k=50)
        print(f"epoch {epoch}: sampled-softmax loss {loss:.4f}  recall@50 {r50:.4f}")
    torch.save(model.state_dict(), "two_tower.pt")


if __name__ == "__main__":
    main()
