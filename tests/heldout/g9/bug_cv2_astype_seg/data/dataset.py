import glob
import os

import cv2
import numpy as np
import torch
from torch.utils.data import Dataset

from .augment import center_resize, random_brightness_contrast, random_crop, random_flip_rotate


def list_tiles(root, split):
    images = sorted(glob.glob(os.path.join(root, split, "images", "*.tif")))
    masks = [p.replace(os.sep + "images" + os.sep, os.sep + "masks" + os.sep) for p in images]
    return list(zip(images, masks))


class BuildingSegDataset(Dataset):
    """Aerial image tiles with binary building footprints (mask values 0/255)."""

    def __init__(self, pairs, crop_size=512, train=True):
        self.pairs = pairs
        self.crop_size = crop_size
        self.train = train

    def __len__(self):
        return len(self.pairs)

    def __getitem__(self, idx):
        img_path, mask_path = self.pairs[idx]
        image = cv2.imread(img_path, cv2.IMREAD_COLOR)
        image = cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
        mask = cv2.imread(mask_path, cv2.IMREAD_GRAYSCALE)

        if self.train:
            image, mask = random_crop(image, mask, self.crop_size)
            image, mask = random_flip_rotate(image, mask)
            image = random_brightness_contrast(image)
        else:
            image, mask = center_resize(image, mask, self.crop_size)

        image = np.ascontiguousarray(image).astype(np.float32)  # EXPECT: TL013
        mask = (np.ascontiguousarray(mask) > 127).astype(np.int64)
        image = torch.from_numpy(image.transpose(2, 0, 1))
        return image, torch.from_numpy(mask)
