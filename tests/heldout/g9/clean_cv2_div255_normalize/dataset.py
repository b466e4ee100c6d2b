import os
import random

import cv2
import numpy as np
import torch
from torch.utils.data import Dataset


class DogBreedDataset(Dataset):
    def __init__(self, df, image_dir, breed_to_idx, size, mean, std, train=True):
        self.ids = df["id"].values
        self.targets = df["breed"].map(breed_to_idx).values
        self.image_dir = image_dir
        self.size = size
        self.mean = np.array(mean, dtype=np.float32)
        self.std = np.array(std, dtype=np.float32)
        self.train = train

    def __len__(self):
        return len(self.ids)

    def _augment(self, img):
        h, w = img.shape[:2]
        scale = random.uniform(0.7, 1.0)
        ch, cw = int(h * scale), int(w * scale)
        y0 = random.randint(0, h - ch)
        x0 = random.randint(0, w - cw)
        img = img[y0:y0 + ch, x0:x0 + cw]
        if random.random() < 0.5:
            img = cv2.flip(img, 1)
        return img

    def __getitem__(self, idx):
        path = os.path.join(self.image_dir, f"{self.ids[idx]}.jpg")
        img = cv2.imread(path)
        img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)
        if self.train:
            img = self._augment(img)
        img = cv2.resize(img, (self.size, self.size), interpolation=cv2.INTER_AREA)
        img = img.astype(np.float32) / 255.0
        img = (img - self.mean) / self.std
        img = torch.from_numpy(img.transpose(2, 0, 1).copy())
        return img, torch.tensor(self.targets[idx], dtype=torch.long)
