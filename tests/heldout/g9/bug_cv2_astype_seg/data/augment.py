import random

import cv2
import numpy as np


def random_crop(image, mask, size):
    h, w = image.shape[:2]
    if h == size and w == size:
        return image, mask
    y = random.randint(0, h - size)
    x = random.randint(0, w - size)
    return image[y:y + size, x:x + size], mask[y:y + size, x:x + size]


def random_flip_rotate(image, mask):
    if random.random() < 0.5:
        image, mask = image[:, ::-1], mask[:, ::-1]
    if random.random() < 0.5:
        image, mask = image[::-1], mask[::-1]
    k = random.randint(0, 3)
    return np.rot90(image, k), np.rot90(mask, k)


def random_brightness_contrast(image, max_delta=20, contrast=(0.8, 1.2)):
    alpha = random.uniform(*contrast)
    beta = random.uniform(-max_delta, max_delta)
    return cv2.convertScaleAbs(image, alpha=alpha, beta=beta)


def center_resize(image, mask, size):
    image = cv2.resize(image, (size, size), interpolation=cv2.INTER_LINEAR)
    mask = cv2.resize(mask, (size, size), interpolation=cv2.INTER_NEAREST)
    return image, mask
