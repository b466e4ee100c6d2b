import os
import random

import torch
from PIL import Image
from torch.utils.data import Dataset
from torchvision import transforms


class SignaturePairs(Dataset):
    """Yields (img_a, img_b, same_writer) with a 50/50 genuine/forged split."""

    def __init__(self, root, split, size=(155, 220), n_pairs=20000, seed=0):
        self.dir = os.path.join(root, split)
        self.writers = sorted(os.listdir(self.dir))
        self.files = {w: sorted(os.listdir(os.path.join(self.dir, w))) for w in self.writers}
        self.tf = transforms.Compose([transforms.Grayscale(), transforms.Resize(size),
                                      transforms.ToTensor(), transforms.Normalize([0.5], [0.5])])
        rng = random.Random(seed)
        self.pairs = []
        for _ in range(n_pairs):
            w = rng.choice(self.writers)
            if rng.random() < 0.5:
                a, b = rng.sample(self.files[w], 2)
                self.pairs.append((w, a, w, b, 1))
            else:
                w2 = rng.choice([x for x in self.writers if x != w])
                self.pairs.append((w, rng.choice(self.files[w]), w2, rng.choice(self.files[w2]), 0))

    def __len__(self):
        return len(self.pairs)

    def _load(self, w, f):
        return self.tf(Image.open(os.path.join(self.dir, w, f)))

    def __getitem__(self, i):
        wa, fa, wb, fb, same = self.pairs[i]
        return self._load(wa, fa), self._load(wb, fb), torch.tensor(same)
