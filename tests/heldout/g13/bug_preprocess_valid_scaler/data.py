import logging

import pandas as pd
import torch
from sklearn.model_selection import train_test_split
from torch.utils.data import DataLoader, TensorDataset

from features import preprocess

logger = logging.getLogger(__name__)

NUM_COLS = [
    "LIMIT_BAL", "AGE", "BILL_AMT1", "BILL_AMT2", "BILL_AMT3",
    "PAY_AMT1", "PAY_AMT2", "PAY_AMT3", "PAY_0", "PAY_2", "PAY_3",
    "PAY_RATIO", "UTIL", "N_LATE",
]
CAT_COLS = {
    "SEX": [1, 2],
    "EDUCATION": [1, 2, 3, 4],
    "MARRIAGE": [1, 2, 3],
}
TARGET = "default.payment.next.month"


def _to_loader(X, y, batch_size, shuffle):
    ds = TensorDataset(torch.from_numpy(X), torch.from_numpy(y))
    return DataLoader(ds, batch_size=batch_size, shuffle=shuffle, drop_last=shuffle)


def build_datasets(csv_path, batch_size=512, valid_size=0.2, seed=42):
    raw = pd.read_csv(csv_path).drop(columns=["ID"])
    raw["EDUCATION"] = raw["EDUCATION"].where(raw["EDUCATION"].between(1, 4), 4)
    raw["MARRIAGE"] = raw["MARRIAGE"].where(raw["MARRIAGE"].between(1, 3), 3)

    train_df, valid_df = train_test_split(
        raw, test_size=valid_size, stratify=raw[TARGET], random_state=seed
    )
    logger.info("train %d rows, valid %d rows, positive rate %.3f",
                len(train_df), len(valid_df), train_df[TARGET].mean())

    X_train, y_train, scaler = preprocess(train_df, NUM_COLS, CAT_COLS, target=TARGET)
    X_valid, y_valid, _ = preprocess(valid_df, NUM_COLS, CAT_COLS, target=TARGET)  # EXPECT: TL005  # <- TL005

    pos_weight = float((1 - y_train).sum() / max(y_train.sum(), 1))
    train_dl = _to_loader(X_train, y_train, batch_size, shuffle=True)
    valid_dl = _to_loader(X_valid, y_valid, batch_size * 4, shuffle=False)
    return train_dl, valid_dl, X_train.shape[1], pos_weight, scaler
