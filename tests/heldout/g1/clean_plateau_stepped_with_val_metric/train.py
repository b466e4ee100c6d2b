import argparse

import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

from trainer import RatingTrainer


class NeuMF(nn.Module):
    def __init__(self, n_users, n_items, mf_dim=32, mlp_dims=(128, 64, 32), dropout=0.2, global_mean=3.5):
        super().__init__()
        self.mf_user = nn.Embedding(n_users, mf_dim)
        self.mf_item = nn.Embedding(n_items, mf_dim)
        self.mlp_user = nn.Embedding(n_users, mlp_dims[0] // 2)
        self.mlp_item = nn.Embedding(n_items, mlp_dims[0] // 2)
        layers = []
        for d_in, d_out in zip(mlp_dims[:-1], mlp_dims[1:]):
            layers += [nn.Linear(d_in, d_out), nn.ReLU(), nn.Dropout(dropout)]
        self.mlp = nn.Sequential(*layers)
        self.out = nn.Linear(mf_dim + mlp_dims[-1], 1)
        self.user_bias = nn.Embedding(n_users, 1)
        self.item_bias = nn.Embedding(n_items, 1)
        self.global_mean = global_mean
        for emb in (self.mf_user, self.mf_item, self.mlp_user, self.mlp_item):
            nn.init.normal_(emb.weight, std=0.01)
        nn.init.zeros_(self.user_bias.weight)
        nn.init.zeros_(self.item_bias.weight)

    def forward(self, u, i):
        mf = self.mf_user(u) * self.mf_item(i)
        mlp = self.mlp(torch.cat([self.mlp_user(u), self.mlp_item(i)], dim=-1))
        score = self.out(torch.cat([mf, mlp], dim=-1)).squeeze(-1)
        return score + self.user_bias(u).squeeze(-1) + self.item_bias(i).squeeze(-1) + self.global_mean


def load_movielens(path, seed=0):
    df = pd.read_csv(path, sep="::", engine="python", names=["user", "item", "rating", "ts"])
    df["user"] = df["user"].astype("category").cat.codes
    df["item"] = df["item"].astype("category").cat.codes
    df = df.sample(frac=1.0, random_state=seed)
    n_val = int(0.1 * len(df))

    def to_ds(part):
        return TensorDataset(torch.tensor(part["user"].values, dtype=torch.long),
                             torch.tensor(part["item"].values, dtype=torch.long),
                             torch.tensor(part["rating"].values, dtype=torch.float32))

    train_df = df.iloc[n_val:]
    return to_ds(train_df), to_ds(df.iloc[:n_val]), df["user"].nunique(), df["item"].nunique(), train_df["rating"].mean()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ratings", default="data/ml-1m/ratings.dat")
    ap.add_argument("--bs", type=int, default=1024)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--epochs", type=int, default=50)
    args = ap.parse_args()

    train_ds, val_ds, n_users, n_items, mean_rating = load_movielens(args.ratings)
    train_loader = DataLoader(train_ds, batch_size=args.bs, shuffle=True, num_workers=2)
    val_loader = DataLoader(val_ds, batch_size=8192)

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model = NeuMF(n_users, n_items, global_mean=float(mean_rating))
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr, weight_decay=1e-5)
    lr_sched = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="min", factor=0.3, patience=2, min_lr=1e-5)

    trainer = RatingTrainer(model, optimizer, lr_sched, device, max_epochs=args.epochs)
    best = trainer.fit(train_loader, val_loader)
    print(f"best val RMSE {best:.4f}")
    torch.save(model.state_dict(), "neumf_best.pt")


if __name__ == "__main__":
    main()
