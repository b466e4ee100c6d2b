import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import LabelEncoder, StandardScaler
from torch.utils.data import DataLoader, TensorDataset

from networks import build_model
from trainer import Trainer

CFG = {
    "csv": "input/train.csv",
    "target": "Cover_Type",
    "cat_cols": ["Soil_Type", "Wilderness_Area"],
    "n_classes": 7,
    "hidden": [512, 256],
    "dropout": 0.25,
    "batch_size": 1024,
    "lr": 2e-3,
    "epochs": 40,
    "amp": True,
    "device": "cuda",
    "out_path": "mlp_best.pt",
    "seed": 42,
}


def prepare(df, cfg):
    num_cols = [c for c in df.columns if c not in cfg["cat_cols"] + [cfg["target"], "id"]]
    cardinalities = []
    for c in cfg["cat_cols"]:
        df[c] = LabelEncoder().fit_transform(df[c].astype(str))
        cardinalities.append(int(df[c].max()) + 1)
    y = LabelEncoder().fit_transform(df[cfg["target"]])
    return df, num_cols, cardinalities, y


def make_loader(x_num, x_cat, y, bs, shuffle):
    ds = TensorDataset(
        torch.tensor(x_num, dtype=torch.float32),
        torch.tensor(x_cat, dtype=torch.long),
        torch.tensor(y, dtype=torch.long),
    )
    return DataLoader(ds, batch_size=bs, shuffle=shuffle, drop_last=shuffle)


def main(cfg):
    torch.manual_seed(cfg["seed"])
    np.random.seed(cfg["seed"])
    df = pd.read_csv(cfg["csv"])
    df, num_cols, cardinalities, y = prepare(df, cfg)
    cfg["n_num"] = len(num_cols)

    tr_idx, va_idx = train_test_split(np.arange(len(df)), test_size=0.15, stratify=y, random_state=cfg["seed"])
    scaler = StandardScaler().fit(df.loc[tr_idx, num_cols])
    x_num = scaler.transform(df[num_cols])
    x_cat = df[cfg["cat_cols"]].values

    train_loader = make_loader(x_num[tr_idx], x_cat[tr_idx], y[tr_idx], cfg["batch_size"], True)
    valid_loader = make_loader(x_num[va_idx], x_cat[va_idx], y[va_idx], cfg["batch_size"] * 2, False)

    model = build_model(cfg, cardinalities)
    loss_fn = nn.CrossEntropyLoss(label_smoothing=0.05)
    optimizer = torch.optim.AdamW(model.parameters(), lr=cfg["lr"], weight_decay=1e-5)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=cfg["lr"], total_steps=cfg["epochs"] * len(train_loader)
    )

    trainer = Trainer(model, loss_fn, optimizer, cfg, scheduler=scheduler)  # <- TL003
    best = trainer.run(train_loader, valid_loader)
    print(f"best macro-F1: {best:.4f}")


if __name__ == "__main__":
    main(CFG)
