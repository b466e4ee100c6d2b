import random

import cv2
import numpy as np


class Compose:
    def __init__(self, ops):
        self.ops = ops

    def __call__(self, img):
        for op in self.ops:
            img = op(img)
        return img


class RandomResizedCrop:
    def __init__(self, size, scale=(0.6, 1.0)):
        self.size = size
        self.scale = scale

    def __call__(self, img):
        h, w = img.shape[:2]
        s = random.uniform(*self.scale)
        ch, cw = int(h * s), int(w * s)
        y0, x0 = random.randint(0, h - ch), random.randint(0, w - cw)
        crop = img[y0:y0 + ch, x0:x0 + cw]
        return cv2.resize(crop, (self.size, self.size), interpolation=cv2.INTER_LINEAR)


class Resize:
    def __init__(self, size):
        self.size = size

    def __call__(self, img):
        return cv2.resize(img, (self.size, self.size), interpolation=cv2.INTER_AREA)


class HFlip:
    def __init__(self, p=0.5):
        self.p = p

    def __call__(self, img):
        if random.random() < self.p:
            img = np.ascontiguousarray(img[:, ::-1])
        return img


class HSVJitter:
    def __init__(self, h=5, s=20, v=20):
        self.h, self.s, self.v = h, s, v

    def __call__(self, img):
        hsv = cv2.cvtColor(img, cv2.COLOR_RGB2HSV).astype(np.int16)
        hsv[..., 0] = (hsv[..., 0] + random.randint(-self.h, self.h)) % 180
        hsv[..., 1] = np.clip(hsv[..., 1] + random.randint(-self.s, self.s), 0, 255)
        hsv[..., 2] = np.clip(hsv[..., 2] + random.randint(-self.v, self.v), 0, 255)
        return cv2.cvtColor(hsv.astype(np.uint8), cv2.COLOR_HSV2RGB)
