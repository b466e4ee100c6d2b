import os

import numpy as np
import torch
from PIL import Image
from torch.utils.data import Dataset


class SegFolder(Dataset):
    """<root>/<split>/images/*.jpg with masks in <root>/<split>/masks/*.png"""

    def __init__(self, root, split, size, augment=False):
        self.img_dir = os.path.join(root, split, "images")
        self.mask_dir = os.path.join(root, split, "masks")
        self.names = sorted(os.path.splitext(n)[0] for n in os.listdir(self.img_dir))
        self.size = size
        self.augment = augment

    def __len__(self):
        return len(self.names)

    def __getitem__(self, i):
        name = self.names[i]
        img = Image.open(os.path.join(self.img_dir, name + ".jpg")).convert("RGB")
        mask = Image.open(os.path.join(self.mask_dir, name + ".png")).convert("L")
        img = img.resize((self.size, self.size), Image.BILINEAR)
        mask = mask.resize((self.size, self.size), Image.NEAREST)
        img = np.asarray(img, dtype=np.float32) / 255.0
        mask = (np.asarray(mask) > 127).astype(np.float32)
        if self.augment and np.random.rand() < 0.5:
            img, mask = img[:, ::-1], mask[:, ::-1]
        img = torch.from_numpy(np.ascontiguousarray(img.transpose(2, 0, 1)))
        mask = torch.from_numpy(np.ascontiguousarray(mask))[None]
        return img, mask
