import os

import pandas as pd
import torch
from torch.utils.data import Dataset
from torchvision.io import ImageReadMode, read_image


class CsvImageDataset(Dataset):
    """Generic dataset: a csv with `filename` and `label` columns plus an image folder."""

    def __init__(self, csv_file, root, transform=None, classes=None):
        self.df = pd.read_csv(csv_file)
        self.root = root
        self.transform = transform
        self.classes = classes or sorted(self.df["label"].unique().tolist())
        self.class_to_idx = {c: i for i, c in enumerate(self.classes)}

    def __len__(self):
        return len(self.df)

    def __getitem__(self, idx):
        row = self.df.iloc[idx]
        path = os.path.join(self.root, row["filename"])
        image = read_image(path, mode=ImageReadMode.RGB)
        image = image.float()  # EXPECT: TL013
        if self.transform is not None:
            image = self.transform(image)
        target = self.class_to_idx[row["label"]]
        return image, target

    def targets(self):
        return torch.tensor([self.class_to_idx[c] for c in self.df["label"]])
