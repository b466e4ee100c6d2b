import os

import numpy as np
import pandas as pd
import torch
from PIL import Image
from torch.utils.data import Dataset

LABELS = ["Atelectasis", "Cardiomegaly", "Consolidation", "Edema", "Effusion",
          "Emphysema", "Fibrosis", "Hernia", "Infiltration", "Mass", "Nodule",
          "Pleural_Thickening", "Pneumonia", "Pneumothorax"]


class ChestXray(Dataset):
    def __init__(self, csv_path, img_dir, transform=None):
        df = pd.read_csv(csv_path)
        self.paths = [os.path.join(img_dir, f) for f in df["Image Index"]]
        self.targets = np.stack([df["Finding Labels"].str.contains(l).values for l in LABELS], 1)
        self.transform = transform

    def __len__(self):
        return len(self.paths)

    def __getitem__(self, idx):
        img = Image.open(self.paths[idx]).convert("RGB")
        if self.transform:
            img = self.transform(img)
        return img, torch.from_numpy(self.targets[idx].astype(np.float32))
