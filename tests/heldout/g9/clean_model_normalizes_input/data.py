import json
import os
import random

import torch
import torchvision.transforms.functional as TF
from torch.utils.data import Dataset
from torchvision.io import ImageReadMode, read_image


class FoodDataset(Dataset):
    """Food-101 style folder; images are kept in 0-255 range, the model normalises them."""

    def __init__(self, root, split="train", size=256, crop=224):
        with open(os.path.join(root, "meta", f"{split}.json")) as f:
            meta = json.load(f)
        self.classes = sorted(meta.keys())
        self.samples = [(os.path.join(root, "images", f"{p}.jpg"), self.classes.index(c))
                        for c, paths in meta.items() for p in paths]
        self.train = split == "train"
        self.size = size
        self.crop = crop

    def __len__(self):
        return len(self.samples)

    def __getitem__(self, idx):
        path, label = self.samples[idx]
        img = read_image(path, mode=ImageReadMode.RGB)
        img = TF.resize(img, self.size, antialias=True)
        if self.train:
            i = random.randint(0, img.shape[1] - self.crop)
            j = random.randint(0, img.shape[2] - self.crop)
            img = TF.crop(img, i, j, self.crop, self.crop)
            if random.random() < 0.5:
                img = TF.hflip(img)
        else:
            img = TF.center_crop(img, self.crop)
        return img.float(), label
