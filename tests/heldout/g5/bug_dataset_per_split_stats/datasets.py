import numpy as np
import pandas as pd
import torch
from torch.utils.data import Dataset

TARGET = "median_house_value"


def load_housing(path):
    df = pd.read_csv(path)
    df["total_bedrooms"] = df["total_bedrooms"].fillna(0.2 * df["total_rooms"])
    df["rooms_per_household"] = df["total_rooms"] / df["households"]
    df["bedrooms_per_room"] = df["total_bedrooms"] / df["total_rooms"]
    df["population_per_household"] = df["population"] / df["households"]
    df = pd.get_dummies(df, columns=["ocean_proximity"], dtype=np.float32)
    y = np.log(df.pop(TARGET).values.astype(np.float32))
    return df.values.astype(np.float32), y, list(df.columns)


class TabularDataset(Dataset):
    """Holds a feature matrix and regression targets as standardized tensors."""

    def __init__(self, features, targets, eps=1e-6):
        features = torch.as_tensor(features, dtype=torch.float32)
        self.mean = features.mean(dim=0)
        self.std = features.std(dim=0).clamp_min(eps)
        self.x = (features - self.mean) / self.std
        self.y = torch.as_tensor(targets, dtype=torch.float32)

    def __len__(self):
        return self.x.shape[0]

    def __getitem__(self, idx):
        return self.x[idx], self.y[idx]

    @property
    def num_features(self):
        return self.x.shape[1]


class InfiniteSampler(torch.utils.data.Sampler):
    def __init__(self, n, seed=0):
        self.n = n
        self.seed = seed

    def __iter__(self):
        g = torch.Generator().manual_seed(self.seed)
        while True:
            yield from torch.randperm(self.n, generator=g).tolist()
