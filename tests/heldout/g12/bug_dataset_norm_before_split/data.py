"""Data loading for the house-price regression experiments."""
import numpy as np
import pandas as pd
import torch
from torch.utils.data import TensorDataset

NUMERIC = [
    "LotArea", "OverallQual", "OverallCond", "YearBuilt", "YearRemodAdd", "TotalBsmtSF",
    "1stFlrSF", "2ndFlrSF", "GrLivArea", "FullBath", "HalfBath", "BedroomAbvGr",
    "TotRmsAbvGrd", "Fireplaces", "GarageCars", "GarageArea", "WoodDeckSF", "OpenPorchSF",
]
CATEGORICAL = ["MSZoning", "Neighborhood", "BldgType", "HouseStyle", "KitchenQual", "SaleCondition"]
TARGET = "SalePrice"


def clean(df):
    df = df.copy()
    for c in NUMERIC:
        df[c] = df[c].fillna(0.0)
    for c in CATEGORICAL:
        df[c] = df[c].fillna("NA").astype(str)
    # log-transform skewed areas
    for c in ["LotArea", "GrLivArea", "1stFlrSF"]:
        df[c] = np.log1p(df[c])
    return df


def encode(df):
    num = df[NUMERIC].to_numpy(dtype=np.float32)
    cat = pd.get_dummies(df[CATEGORICAL], dtype=np.float32).to_numpy()
    return num, cat


def load_tabular(csv_path):
    """Returns (dataset, n_features). Targets are log(SalePrice)."""
    df = clean(pd.read_csv(csv_path))
    num, cat = encode(df)
    num = (num - num.mean(axis=0)) / (num.std(axis=0) + 1e-8)  # EXPECT: TL005
    X = np.concatenate([num, cat], axis=1)
    y = np.log(df[TARGET].to_numpy(dtype=np.float32))

    ds = TensorDataset(torch.from_numpy(X), torch.from_numpy(y).unsqueeze(1))
    return ds, X.shape[1]
