import random

import numpy as np
import torch
import torchvision.transforms.functional as TF
from torchvision.datasets import VOCSegmentation

MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]


class JointTransform:
    def __init__(self, train, crop_size=480, base_size=520):
        self.train = train
        self.crop_size = crop_size
        self.base_size = base_size

    def __call__(self, img, mask):
        if self.train:
            size = random.randint(int(0.5 * self.base_size), int(2.0 * self.base_size))
            img = TF.resize(img, size)
            mask = TF.resize(mask, size, interpolation=TF.InterpolationMode.NEAREST)
            if random.random() < 0.5:
                img, mask = TF.hflip(img), TF.hflip(mask)
            pad_h = max(self.crop_size - img.height, 0)
            pad_w = max(self.crop_size - img.width, 0)
            if pad_h or pad_w:
                img = TF.pad(img, [0, 0, pad_w, pad_h], fill=0)
                mask = TF.pad(mask, [0, 0, pad_w, pad_h], fill=255)
            top = random.randint(0, img.height - self.crop_size)
            left = random.randint(0, img.width - self.crop_size)
            img = TF.crop(img, top, left, self.crop_size, self.crop_size)
            mask = TF.crop(mask, top, left, self.crop_size, self.crop_size)
        else:
            img = TF.resize(img, self.base_size)
            mask = TF.resize(mask, self.base_size, interpolation=TF.InterpolationMode.NEAREST)
        img = TF.normalize(TF.to_tensor(img), MEAN, STD)
        mask = torch.as_tensor(np.array(mask), dtype=torch.int64)
        return img, mask


def get_voc(root, split):
    return VOCSegmentation(root, year="2012", image_set=split, download=False,
                           transforms=JointTransform(train=(split == "train")))
