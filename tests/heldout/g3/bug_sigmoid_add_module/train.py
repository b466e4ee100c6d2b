import logging

import numpy as np
import pandas as pd
import torch
from sklearn.model_selection import train_test_split
from torch.utils.data import DataLoader, Dataset

from engine import Trainer
from models import TabularMLP

CFG = {
    "csv": "input/train.csv",
    "target": "target",
    "batch_size": 1024,
    "epochs": 30,
    "lr": 2e-3,
    "weight_decay": 1e-5,
    "device": "cuda" if torch.cuda.is_available() else "cpu",
    "checkpoint": "mlp_best.pt",
    "seed": 42,
}


class TabularDataset(Dataset):
    def __init__(self, df, num_cols, cat_cols, target):
        self.num = df[num_cols].values.astype(np.float32)
        self.cat = df[cat_cols].values.astype(np.int64)
        self.y = df[target].values.astype(np.float32)

    def __len__(self):
        return len(self.y)

    def __getitem__(self, idx):
        return {
            "num": torch.from_numpy(self.num[idx]),
            "cat": torch.from_numpy(self.cat[idx]),
            "target": torch.tensor(self.y[idx]),
        }


def main():
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    torch.manual_seed(CFG["seed"])

    df = pd.read_csv(CFG["csv"])
    cat_cols = [c for c in df.columns if c.startswith("cat")]
    num_cols = [c for c in df.columns if c.startswith("cont")]
    for c in cat_cols:
        df[c] = df[c].astype("category").cat.codes + 1
    df[num_cols] = (df[num_cols] - df[num_cols].mean()) / df[num_cols].std()  # <- TL005 (a second, real leak the writer did not label)

    train_df, valid_df = train_test_split(
        df, test_size=0.2, stratify=df[CFG["target"]], random_state=CFG["seed"]
    )
    train_dl = DataLoader(
        TabularDataset(train_df, num_cols, cat_cols, CFG["target"]),
        batch_size=CFG["batch_size"], shuffle=True, drop_last=True,
    )
    valid_dl = DataLoader(
        TabularDataset(valid_df, num_cols, cat_cols, CFG["target"]),
        batch_size=CFG["batch_size"] * 2,
    )

    cardinalities = [int(df[c].max()) for c in cat_cols]
    model = TabularMLP(len(num_cols), cardinalities)
    neg, pos = (train_df[CFG["target"]] == 0).sum(), (train_df[CFG["target"]] == 1).sum()
    trainer = Trainer(model, CFG, pos_weight=float(neg / max(pos, 1)))  # <- TL003
    best = trainer.fit(train_dl, valid_dl)
    logging.info("best val auc %.5f", best)


if __name__ == "__main__":
    main()
