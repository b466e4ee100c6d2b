import os
import random

import numpy as np
import pandas as pd
import torch
from PIL import Image, ImageOps
from torch.utils.data import Dataset


class RetinopathyDataset(Dataset):
    """APTOS 2019 blindness detection; `diagnosis` is the 0-4 severity grade."""

    def __init__(self, df, image_dir, size=320, train=True):
        self.ids = df["id_code"].tolist()
        self.labels = df["diagnosis"].tolist() if "diagnosis" in df else [0] * len(df)
        self.image_dir = image_dir
        self.size = size
        self.train = train

    def __len__(self):
        return len(self.ids)

    def _load(self, idx):
        img = Image.open(os.path.join(self.image_dir, f"{self.ids[idx]}.png")).convert("RGB")
        img = ImageOps.fit(img, (self.size, self.size), method=Image.BICUBIC)
        if self.train:
            if random.random() < 0.5:
                img = ImageOps.mirror(img)
            if random.random() < 0.5:
                img = ImageOps.flip(img)
            img = img.rotate(random.uniform(-180, 180), resample=Image.BILINEAR)
        return img

    def __getitem__(self, idx):
        img = np.asarray(self._load(idx))
        img = torch.from_numpy(img.copy()).permute(2, 0, 1).float()  # EXPECT: TL013
        return img, torch.tensor(self.labels[idx], dtype=torch.long)


def make_folds(csv_path, n_folds=5, seed=2019):
    df = pd.read_csv(csv_path)
    df = df.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    df["fold"] = -1
    for grade, grp in df.groupby("diagnosis"):
        df.loc[grp.index, "fold"] = np.arange(len(grp)) % n_folds
    return df
