import numpy as np
import torch
from PIL import Image
from torch.utils.data import Dataset


class TileSet(Dataset):
    def __init__(self, paths, labels):
        self.paths = paths
        self.labels = labels

    def __len__(self):
        return len(self.paths)

    def __getitem__(self, i):
        tile = np.array(Image.open(self.paths[i]).convert("RGB"), dtype=np.float32)
        return torch.from_numpy(tile.transpose(2, 0, 1)), self.labels[i]
