import logging

import numpy as np
import pandas as pd
import torch
from sklearn.preprocessing import StandardScaler
from torch.utils.data import Dataset

logger = logging.getLogger(__name__)

CATEGORICAL = ["ocean_proximity"]
TARGET = "median_house_value"


class TabularDataset(Dataset):
    def __init__(self, X, y):
        self.X = torch.as_tensor(X, dtype=torch.float32)
        self.y = torch.as_tensor(y, dtype=torch.float32).view(-1, 1)

    def __len__(self):
        return len(self.X)

    def __getitem__(self, idx):
        return self.X[idx], self.y[idx]


def _clean(df):
    df = df.copy()
    df = df.dropna(subset=["total_bedrooms"])
    df["rooms_per_household"] = df["total_rooms"] / df["households"]
    df["bedrooms_per_room"] = df["total_bedrooms"] / df["total_rooms"]
    df["population_per_household"] = df["population"] / df["households"]
    return df


def load_data(csv_path, log_target=True):
    """Read the housing csv and return (X, y, feature_names, scaler)."""
    df = _clean(pd.read_csv(csv_path))
    df = pd.get_dummies(df, columns=CATEGORICAL, dtype=float)
    y = df.pop(TARGET).to_numpy(dtype=np.float64)
    if log_target:
        y = np.log1p(y)
    feature_names = list(df.columns)
    X = df.to_numpy(dtype=np.float64)

    scaler = StandardScaler()
    X = scaler.fit_transform(X)  # EXPECT: TL005
    logger.info("loaded %d rows, %d features", X.shape[0], X.shape[1])
    return X.astype(np.float32), y.astype(np.float32), feature_names, scaler
