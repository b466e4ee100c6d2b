import os
import random

import numpy as np
import torch
from PIL import Image
from torch.utils.data import Dataset


def split_ids(img_dir, val_percent=0.1, seed=0):
    ids = sorted(os.path.splitext(f)[0] for f in os.listdir(img_dir) if not f.startswith("."))
    rng = random.Random(seed)
    rng.shuffle(ids)
    n_val = int(len(ids) * val_percent)
    return ids[n_val:], ids[:n_val]


class CarvanaDataset(Dataset):
    def __init__(self, img_dir, mask_dir, ids, size=(512, 340), augment=False):
        self.img_dir = img_dir
        self.mask_dir = mask_dir
        self.ids = ids
        self.size = size
        self.augment = augment

    def __len__(self):
        return len(self.ids)

    def _load(self, idx):
        name = self.ids[idx]
        img = Image.open(os.path.join(self.img_dir, name + ".jpg")).convert("RGB")
        mask = Image.open(os.path.join(self.mask_dir, name + "_mask.gif")).convert("L")
        return img.resize(self.size, Image.BILINEAR), mask.resize(self.size, Image.NEAREST)

    def __getitem__(self, idx):
        img, mask = self._load(idx)
        if self.augment and random.random() < 0.5:
            img = img.transpose(Image.FLIP_LEFT_RIGHT)
            mask = mask.transpose(Image.FLIP_LEFT_RIGHT)

        image = np.array(img, dtype=np.float32)  # EXPECT: TL013
        image = torch.from_numpy(image.transpose(2, 0, 1))

        mask = (np.array(mask) > 127).astype(np.float32)
        mask = torch.from_numpy(mask).unsqueeze(0)
        return image, mask
