import joblib
import numpy as np
import pandas as pd
import torch
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from torch.utils.data import DataLoader, Dataset

NUMERIC = ["age", "trestbps", "chol", "thalach", "oldpeak"]
CATEGORICAL = ["sex", "cp", "fbs", "restecg", "exang", "slope", "ca", "thal"]


class HeartDataset(Dataset):
    def __init__(self, x_num, x_cat, y):
        self.x_num = torch.as_tensor(x_num, dtype=torch.float32)
        self.x_cat = torch.as_tensor(x_cat, dtype=torch.long)
        self.y = torch.as_tensor(y, dtype=torch.float32)

    def __len__(self):
        return len(self.y)

    def __getitem__(self, i):
        return self.x_num[i], self.x_cat[i], self.y[i]


def _encode_categoricals(df):
    cards = []
    for c in CATEGORICAL:
        df[c] = df[c].astype("category").cat.codes
        cards.append(int(df[c].max()) + 1)
    return df, cards


def build_loaders(cfg):
    df = pd.read_csv(cfg["csv"])
    df = df.dropna().reset_index(drop=True)
    df, cards = _encode_categoricals(df)
    y = (df["target"] > 0).astype(np.float32).values

    tr_df, va_df, y_tr, y_va = train_test_split(
        df, y, test_size=cfg["val_size"], stratify=y, random_state=cfg["seed"]
    )

    scaler = StandardScaler()
    num_tr = scaler.fit_transform(tr_df[NUMERIC].values)
    num_va = scaler.fit_transform(va_df[NUMERIC].values)  # EXPECT: TL005  # <- TL005
    joblib.dump(scaler, cfg["scaler_path"])

    train_ds = HeartDataset(num_tr, tr_df[CATEGORICAL].values, y_tr)
    val_ds = HeartDataset(num_va, va_df[CATEGORICAL].values, y_va)
    train_dl = DataLoader(train_ds, batch_size=cfg["batch_size"], shuffle=True)
    val_dl = DataLoader(val_ds, batch_size=cfg["batch_size"])
    return train_dl, val_dl, cards
