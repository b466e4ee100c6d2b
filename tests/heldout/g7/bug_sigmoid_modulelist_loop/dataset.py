import numpy as np
import pandas as pd
import torch
from torch.utils.data import Dataset

CAT_COLS = ["SEX", "EDUCATION", "MARRIAGE", "PAY_0", "PAY_2", "PAY_3"]
TARGET = "default.payment.next.month"


class CreditDataset(Dataset):
    def __init__(self, frame, num_cols, stats=None):
        self.x_cat = torch.tensor(frame[CAT_COLS].values, dtype=torch.long)
        num = frame[num_cols].values.astype(np.float32)
        if stats is None:
            stats = (num.mean(0), num.std(0) + 1e-6)
        self.stats = stats
        self.x_num = torch.tensor((num - stats[0]) / stats[1])
        self.y = torch.tensor(frame[TARGET].values, dtype=torch.float32)

    def __len__(self):
        return len(self.y)

    def __getitem__(self, i):
        return self.x_cat[i], self.x_num[i], self.y[i]


def load_splits(csv_path, val_frac=0.15, seed=0):
    df = pd.read_csv(csv_path)
    for c in CAT_COLS:
        df[c] = df[c] - df[c].min()
    num_cols = [c for c in df.columns if c not in CAT_COLS + [TARGET, "ID"]]
    rng = np.random.default_rng(seed)
    idx = rng.permutation(len(df))
    n_val = int(len(df) * val_frac)
    val_df, train_df = df.iloc[idx[:n_val]], df.iloc[idx[n_val:]]
    train_ds = CreditDataset(train_df, num_cols)
    val_ds = CreditDataset(val_df, num_cols, stats=train_ds.stats)
    cards = [int(df[c].max()) + 1 for c in CAT_COLS]
    return train_ds, val_ds, cards, len(num_cols)
