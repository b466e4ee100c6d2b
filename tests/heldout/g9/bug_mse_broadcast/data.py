import numpy as np
import pandas as pd
import torch
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from torch.utils.data import Dataset

NUMERIC_COLS = [
    "MedInc", "HouseAge", "AveRooms", "AveBedrms", "Population", "AveOccup", "Latitude", "Longitude",
]
TARGET_COL = "MedHouseVal"


class TabularRegressionDataset(Dataset):
    def __init__(self, features, targets):
        self.x = features.astype(np.float32)
        self.y = targets.astype(np.float32)

    def __len__(self):
        return len(self.x)

    def __getitem__(self, idx):
        x = torch.from_numpy(self.x[idx])
        y = torch.tensor(self.y[idx], dtype=torch.float32)
        return x, y


def load_splits(csv_path, val_size=0.15, test_size=0.15, seed=0, log_target=True):
    df = pd.read_csv(csv_path).dropna()
    X = df[NUMERIC_COLS].values
    y = df[TARGET_COL].values
    if log_target:
        y = np.log1p(y)

    X_train, X_tmp, y_train, y_tmp = train_test_split(
        X, y, test_size=val_size + test_size, random_state=seed)
    rel = test_size / (val_size + test_size)
    X_val, X_test, y_val, y_test = train_test_split(X_tmp, y_tmp, test_size=rel, random_state=seed)

    scaler = StandardScaler().fit(X_train)
    splits = {
        "train": TabularRegressionDataset(scaler.transform(X_train), y_train),
        "val": TabularRegressionDataset(scaler.transform(X_val), y_val),
        "test": TabularRegressionDataset(scaler.transform(X_test), y_test),
    }
    return splits, scaler
