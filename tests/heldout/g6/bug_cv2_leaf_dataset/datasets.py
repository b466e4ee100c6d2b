import os

import cv2
import numpy as np
import torch
from torch.utils.data import Dataset


class LeafDataset(Dataset):
    """Cassava leaf disease images listed in train.csv (image_id, label)."""

    def __init__(self, df, img_dir, img_size=384, train=True):
        self.paths = [os.path.join(img_dir, name) for name in df["image_id"].values]
        self.labels = df["label"].values
        self.img_size = img_size
        self.train = train

    def __len__(self):
        return len(self.paths)

    def _augment(self, img):
        if np.random.rand() < 0.5:
            img = img[:, ::-1]
        if np.random.rand() < 0.5:
            img = img[::-1, :]
        k = np.random.randint(4)
        img = np.rot90(img, k)
        if np.random.rand() < 0.3:
            img = cv2.GaussianBlur(img, (5, 5), 0)
        return np.ascontiguousarray(img)

    def __getitem__(self, idx):
        img = cv2.imread(self.paths[idx])
        img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)
        img = cv2.resize(img, (self.img_size, self.img_size), interpolation=cv2.INTER_AREA)
        if self.train:
            img = self._augment(img)
        img = torch.from_numpy(img.transpose(2, 0, 1)).float()  # EXPECT: TL013
        label = torch.tensor(self.labels[idx], dtype=torch.long)
        return img, label
