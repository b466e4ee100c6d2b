import os

import pandas as pd
import torch
from PIL import Image
from torch.utils.data import Dataset, WeightedRandomSampler
from torchvision import transforms

CLASSES = ["akiec", "bcc", "bkl", "df", "mel", "nv", "vasc"]


def build_transforms(train, size=224):
    norm = transforms.Normalize([0.763, 0.546, 0.570], [0.141, 0.152, 0.170])
    if train:
        return transforms.Compose([
            transforms.RandomResizedCrop(size, scale=(0.7, 1.0)),
            transforms.RandomHorizontalFlip(),
            transforms.RandomVerticalFlip(),
            transforms.RandomRotation(20),
            transforms.ColorJitter(0.1, 0.1, 0.1),
            transforms.ToTensor(),
            norm,
        ])
    return transforms.Compose([transforms.Resize((size, size)), transforms.ToTensor(), norm])


class HAM10000(Dataset):
    def __init__(self, df, image_dir, train):
        self.df = df.reset_index(drop=True)
        self.image_dir = image_dir
        self.tf = build_transforms(train)

    def __len__(self):
        return len(self.df)

    def __getitem__(self, idx):
        row = self.df.iloc[idx]
        img = Image.open(os.path.join(self.image_dir, row["image_id"] + ".jpg")).convert("RGB")
        return self.tf(img), CLASSES.index(row["dx"])


def balanced_sampler(df):
    counts = df["dx"].value_counts()
    weights = df["dx"].map(lambda c: 1.0 / counts[c]).values
    return WeightedRandomSampler(torch.as_tensor(weights, dtype=torch.double), len(df), replacement=True)


def split_by_lesion(csv_path, val_frac=0.15, seed=0):
    df = pd.read_csv(csv_path)
    lesions = df["lesion_id"].drop_duplicates().sample(frac=1.0, random_state=seed)
    val_lesions = set(lesions.iloc[: int(len(lesions) * val_frac)])
    is_val = df["lesion_id"].isin(val_lesions)
    return df[~is_val], df[is_val]
