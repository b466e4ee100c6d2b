"""Train an FT-Transformer on the Adult census data with several seeds and report mean/std AUC."""
import json
import sys

import numpy as np
import pandas as pd
import torch
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import QuantileTransformer
from torch.utils.data import DataLoader, TensorDataset

from engine import Engine
from model import FTTransformer

CFG = {"lr": 1e-4, "weight_decay": 1e-5, "epochs": 30, "batch_size": 256, "seeds": [0, 1, 2, 3, 4]}
NUM = ["age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week"]
CAT = ["workclass", "education", "marital-status", "occupation", "relationship", "race", "sex",
       "native-country"]


def load(path):
    df = pd.read_csv(path)
    y = (df.pop("income").str.strip().str.startswith(">50K")).astype(np.float32).values
    x_num = QuantileTransformer(output_distribution="normal").fit_transform(df[NUM]).astype(np.float32)
    cats = [df[c].astype("category").cat.codes.values for c in CAT]
    levels = [int(c.max()) + 1 for c in cats]
    x_cat = np.stack(cats, 1).astype(np.int64)
    return x_num, x_cat, y, levels


def main(path="data/adult.csv"):
    x_num, x_cat, y, levels = load(path)
    idx_tr, idx_va = train_test_split(np.arange(len(y)), test_size=0.2, stratify=y, random_state=0)
    as_ds = lambda i: TensorDataset(torch.from_numpy(x_num[i]), torch.from_numpy(x_cat[i]),
                                    torch.from_numpy(y[i]))
    train_dl = DataLoader(as_ds(idx_tr), CFG["batch_size"], shuffle=True)
    val_dl = DataLoader(as_ds(idx_va), 1024)

    device = "cuda" if torch.cuda.is_available() else "cpu"
    engine = Engine(lambda: FTTransformer(len(NUM), levels), CFG, device)
    results = []
    for seed in CFG["seeds"]:
        print(f"seed {seed}")
        engine.reset(seed)
        results.append(engine.fit(train_dl, val_dl))
    print(json.dumps({"mean_auc": float(np.mean(results)), "std_auc": float(np.std(results)),
                      "runs": results}, indent=2))


if __name__ == "__main__":
    main(*sys.argv[1:])
