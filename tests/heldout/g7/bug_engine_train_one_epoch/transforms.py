import random

import numpy as np
import torch
import torchvision.transforms.functional as TF
from PIL import Image

MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]


def _to_tensors(image, target):
    image = TF.normalize(TF.to_tensor(image), MEAN, STD)
    target = torch.as_tensor(np.array(target), dtype=torch.int64)
    return image, target


class SegTrain:
    def __init__(self, base_size, crop_size, hflip_prob=0.5):
        self.min_size = int(0.5 * base_size)
        self.max_size = int(2.0 * base_size)
        self.crop_size = crop_size
        self.hflip_prob = hflip_prob

    def __call__(self, image, target):
        size = random.randint(self.min_size, self.max_size)
        image = TF.resize(image, size)
        target = TF.resize(target, size, interpolation=Image.NEAREST)
        if random.random() < self.hflip_prob:
            image, target = TF.hflip(image), TF.hflip(target)
        w, h = image.size
        pad_h, pad_w = max(self.crop_size - h, 0), max(self.crop_size - w, 0)
        if pad_h or pad_w:
            image = TF.pad(image, [0, 0, pad_w, pad_h], fill=0)
            target = TF.pad(target, [0, 0, pad_w, pad_h], fill=255)
        w, h = image.size
        top = random.randint(0, h - self.crop_size)
        left = random.randint(0, w - self.crop_size)
        image = TF.crop(image, top, left, self.crop_size, self.crop_size)
        target = TF.crop(target, top, left, self.crop_size, self.crop_size)
        return _to_tensors(image, target)


class SegEval:
    def __init__(self, base_size):
        self.base_size = base_size

    def __call__(self, image, target):
        image = TF.resize(image, self.base_size)
        target = TF.resize(target, self.base_size, interpolation=Image.NEAREST)
        return _to_tensors(image, target)
