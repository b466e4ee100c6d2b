import os

import pandas as pd
from PIL import Image
from torch.utils.data import Dataset


class LeafDiseaseDataset(Dataset):
    """Cassava leaf disease images listed in a CSV (image_id,label)."""

    def __init__(self, img_dir, csv_path, transform=None):
        self.img_dir = img_dir
        self.df = pd.read_csv(csv_path)
        self.transform = transform

    def __len__(self):
        return len(self.df)

    def __getitem__(self, idx):
        row = self.df.iloc[idx]
        img = Image.open(os.path.join(self.img_dir, row["image_id"])).convert("RGB")
        if self.transform is not None:
            img = self.transform(img)
        return img, int(row["label"])

    @property
    def labels(self):
        return self.df["label"].values


class TransformSubset(Dataset):
    """Subset of a dataset with its own transform (the base dataset must return PIL images)."""

    def __init__(self, base, indices, transform):
        self.base = base
        self.indices = list(indices)
        self.transform = transform

    def __len__(self):
        return len(self.indices)

    def __getitem__(self, i):
        img, label = self.base[self.indices[i]]
        return self.transform(img), label
