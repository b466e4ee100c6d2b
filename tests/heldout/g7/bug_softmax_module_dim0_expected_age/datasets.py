import os

import pandas as pd
import torch
from PIL import Image
from torch.utils.data import Dataset
from torchvision import transforms

NORM = transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])

TRAIN_TF = transforms.Compose([
    transforms.RandomResizedCrop(224, scale=(0.8, 1.0)),
    transforms.RandomHorizontalFlip(),
    transforms.ColorJitter(0.3, 0.3, 0.2),
    transforms.ToTensor(),
    NORM,
])
EVAL_TF = transforms.Compose([transforms.Resize(256), transforms.CenterCrop(224), transforms.ToTensor(), NORM])


class FaceAgeDataset(Dataset):
    """Aligned face crops listed in a csv with columns file,age."""

    def __init__(self, csv_path, img_dir, train=True):
        self.df = pd.read_csv(csv_path)
        self.img_dir = img_dir
        self.tf = TRAIN_TF if train else EVAL_TF

    def __len__(self):
        return len(self.df)

    def __getitem__(self, i):
        row = self.df.iloc[i]
        img = Image.open(os.path.join(self.img_dir, row["file"])).convert("RGB")
        return self.tf(img), torch.tensor(float(row["age"]))
