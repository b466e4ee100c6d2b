import os

import numpy as np
import pandas as pd
import torch
from torch.utils.data import Dataset

SENSOR_COLS = [f"s{i}" for i in range(1, 22)]
SETTING_COLS = ["setting1", "setting2", "setting3"]
CONSTANT_FD001 = ["setting3", "s1", "s5", "s10", "s16", "s18", "s19"]


def _add_rul(df, clip=125):
    max_cycle = df.groupby("unit")["cycle"].transform("max")
    df["rul"] = (max_cycle - df["cycle"]).clip(upper=clip)
    return df


class TurbofanWindows(Dataset):
    """Sliding windows over the C-MAPSS engine runs, target = remaining useful life."""

    def __init__(self, root, subset="FD001", window=30, drop_constant=True):
        path = os.path.join(root, f"train_{subset}.txt")
        cols = ["unit", "cycle"] + SETTING_COLS + SENSOR_COLS
        df = pd.read_csv(path, sep=r"\s+", header=None, names=cols)
        df = _add_rul(df)

        feat_cols = SETTING_COLS + SENSOR_COLS
        if drop_constant:
            feat_cols = [c for c in feat_cols if c not in CONSTANT_FD001]
        self.feature_names = feat_cols

        x = torch.tensor(df[feat_cols].values, dtype=torch.float32)
        self.mean, self.std = x.mean(dim=0), x.std(dim=0)  # EXPECT: TL005
        x = (x - self.mean) / (self.std + 1e-6)

        self.window = window
        self.samples = []
        units = df["unit"].values
        rul = df["rul"].values.astype(np.float32)
        start = 0
        for u in np.unique(units):
            n = int((units == u).sum())
            for end in range(start + window, start + n + 1):
                self.samples.append((end - window, end, rul[end - 1]))
            start += n
        self.x = x

    @property
    def n_features(self):
        return self.x.shape[1]

    def __len__(self):
        return len(self.samples)

    def __getitem__(self, i):
        s, e, target = self.samples[i]
        return self.x[s:e], torch.tensor(target)
