import numpy as np
import pandas as pd
import torch
from torch.utils.data import DataLoader, TensorDataset

TARGET = "median_house_value"
CATEGORICAL = ["ocean_proximity"]


def prepare_frame(csv_path):
    df = pd.read_csv(csv_path)
    df["total_bedrooms"] = df["total_bedrooms"].fillna(df["total_bedrooms"].median())
    df["rooms_per_household"] = df["total_rooms"] / df["households"]
    df["bedrooms_per_room"] = df["total_bedrooms"] / df["total_rooms"]
    df["population_per_household"] = df["population"] / df["households"]
    df = pd.get_dummies(df, columns=CATEGORICAL, dtype=np.float32)
    return df


def split_frame(df, val_frac=0.15, seed=0):
    rng = np.random.default_rng(seed)
    idx = rng.permutation(len(df))
    n_val = int(len(df) * val_frac)
    return df.iloc[idx[n_val:]].reset_index(drop=True), df.iloc[idx[:n_val]].reset_index(drop=True)


def to_dataset(df, stats=None, target_scale=1e5):
    feats = df.drop(columns=[TARGET]).values.astype(np.float32)
    if stats is None:
        stats = (feats.mean(axis=0), feats.std(axis=0) + 1e-8)
    feats = (feats - stats[0]) / stats[1]
    target = (df[TARGET].values / target_scale).astype(np.float32)
    ds = TensorDataset(torch.from_numpy(feats), torch.from_numpy(target))
    return ds, stats


def make_loaders(csv_path, batch_size, seed=0):
    df = prepare_frame(csv_path)
    train_df, val_df = split_frame(df, seed=seed)
    train_ds, stats = to_dataset(train_df)
    val_ds, _ = to_dataset(val_df, stats=stats)
    train_loader = DataLoader(train_ds, batch_size=batch_size, shuffle=True)
    val_loader = DataLoader(val_ds, batch_size=1024, shuffle=False)
    n_features = train_ds.tensors[0].shape[1]
    return train_loader, val_loader, n_features
