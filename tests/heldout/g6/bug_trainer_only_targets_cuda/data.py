import glob
import os
import random

import numpy as np
import torch
from torch.utils.data import Dataset

KEYWORDS = ["yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go"]


class KeywordMFCC(Dataset):
    """Precomputed log-mel features (.npy, shape [n_mels, frames]) for Speech Commands."""

    def __init__(self, root, split_file, max_frames=101, spec_augment=False):
        with open(split_file) as f:
            rel_paths = [line.strip() for line in f if line.strip()]
        self.items = []
        for rel in rel_paths:
            word = rel.split("/")[0]
            label = KEYWORDS.index(word) if word in KEYWORDS else len(KEYWORDS)
            self.items.append((os.path.join(root, rel.replace(".wav", ".npy")), label))
        self.max_frames = max_frames
        self.spec_augment = spec_augment

    def __len__(self):
        return len(self.items)

    def _pad(self, feat):
        if feat.shape[1] >= self.max_frames:
            return feat[:, : self.max_frames]
        return np.pad(feat, ((0, 0), (0, self.max_frames - feat.shape[1])), mode="constant")

    def _mask(self, feat, max_width=10):
        feat = feat.copy()
        t0 = random.randint(0, feat.shape[1] - max_width)
        feat[:, t0:t0 + random.randint(0, max_width)] = 0.0
        f0 = random.randint(0, feat.shape[0] - 8)
        feat[f0:f0 + random.randint(0, 8), :] = 0.0
        return feat

    def __getitem__(self, idx):
        path, label = self.items[idx]
        feat = self._pad(np.load(path).astype(np.float32))
        feat = (feat - feat.mean()) / (feat.std() + 1e-5)
        if self.spec_augment:
            feat = self._mask(feat)
        return torch.from_numpy(feat).unsqueeze(0), label


def list_feature_files(root):
    return sorted(glob.glob(os.path.join(root, "*", "*.npy")))
