import os

import numpy as np
import pandas as pd
import torch
from PIL import Image
from torch.utils.data import Dataset

CLASSES = ["AnnualCrop", "Forest", "HerbaceousVegetation", "Highway", "Industrial",
           "Pasture", "PermanentCrop", "Residential", "River", "SeaLake"]


class EuroSATRGB(Dataset):
    """EuroSAT RGB tiles (64x64).

    Returns raw pixel values as float32 CHW; scaling/normalisation happens inside the
    model so that exported TorchScript models can be fed uint8 tiles directly.
    """

    def __init__(self, root, split_csv, train=False):
        self.root = root
        self.df = pd.read_csv(split_csv)
        self.train = train

    def __len__(self):
        return len(self.df)

    def __getitem__(self, idx):
        row = self.df.iloc[idx]
        tile = np.array(Image.open(os.path.join(self.root, row["Filename"])).convert("RGB"))
        if self.train:
            if np.random.rand() < 0.5:
                tile = tile[:, ::-1]
            if np.random.rand() < 0.5:
                tile = tile[::-1, :]
            tile = np.rot90(tile, np.random.randint(4))
        x = torch.from_numpy(np.ascontiguousarray(tile).transpose(2, 0, 1)).float()
        return x, int(row["Label"])


def compute_channel_stats(dataset, n=2000):
    idx = np.random.default_rng(0).choice(len(dataset), size=min(n, len(dataset)),
                                          replace=False)
    px = torch.stack([dataset[i][0] for i in idx]) / 255.0
    return px.mean(dim=(0, 2, 3)).tolist(), px.std(dim=(0, 2, 3)).tolist()
