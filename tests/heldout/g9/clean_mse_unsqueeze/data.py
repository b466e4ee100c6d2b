import os

import pandas as pd
import torch
from PIL import Image
from torch.utils.data import Dataset
from torchvision import transforms

IMAGENET_MEAN = [0.485, 0.456, 0.406]
IMAGENET_STD = [0.229, 0.224, 0.225]


def get_transforms(train, size=224):
    if train:
        return transforms.Compose([
            transforms.RandomResizedCrop(size, scale=(0.85, 1.0), ratio=(0.9, 1.1)),
            transforms.RandomHorizontalFlip(),
            transforms.RandomRotation(10),
            transforms.ToTensor(),
            transforms.Normalize(IMAGENET_MEAN, IMAGENET_STD),
        ])
    return transforms.Compose([
        transforms.Resize((size, size)),
        transforms.ToTensor(),
        transforms.Normalize(IMAGENET_MEAN, IMAGENET_STD),
    ])


class FaceAgeDataset(Dataset):
    """UTKFace-style dataset. The csv has columns `filename` and `age` (years)."""

    def __init__(self, root, csv_file, train=True, age_scale=100.0):
        self.root = root
        self.meta = pd.read_csv(os.path.join(root, csv_file))
        self.tf = get_transforms(train)
        self.age_scale = age_scale

    def __len__(self):
        return len(self.meta)

    def __getitem__(self, idx):
        row = self.meta.iloc[idx]
        img = Image.open(os.path.join(self.root, "faces", row["filename"])).convert("RGB")
        age = torch.tensor(row["age"] / self.age_scale, dtype=torch.float32)
        return self.tf(img), age
