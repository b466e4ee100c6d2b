import os

import cv2
import numpy as np
import torch
from torch.utils.data import Dataset

IMAGENET_MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
IMAGENET_STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)


class FolderDataset(Dataset):
    """root/<class_name>/*.jpg, read with OpenCV."""

    def __init__(self, root, transform=None, exts=(".jpg", ".jpeg", ".png")):
        self.classes = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
        self.samples = []
        for ci, cls in enumerate(self.classes):
            for fname in sorted(os.listdir(os.path.join(root, cls))):
                if fname.lower().endswith(exts):
                    self.samples.append((os.path.join(root, cls, fname), ci))
        self.transform = transform

    def __len__(self):
        return len(self.samples)

    def __getitem__(self, index):
        path, label = self.samples[index]
        img = cv2.imread(path, cv2.IMREAD_COLOR)
        img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)
        if self.transform is not None:
            img = self.transform(img)
        img = img.astype(np.float32) / 255.0
        img = (img - IMAGENET_MEAN) / IMAGENET_STD
        tensor = torch.from_numpy(img.transpose(2, 0, 1).copy())
        return tensor, label
