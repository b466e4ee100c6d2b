import numpy as np
import torch
from torch.utils.data import Dataset


class SensorReadings(Dataset):
    def __init__(self, path):
        table = np.loadtxt(path, delimiter=",")
        signal = torch.as_tensor(table[:, 1:], dtype=torch.float32)
        self.center, self.scale = signal.mean(dim=0), signal.std(dim=0)
        self.signal = (signal - self.center) / self.scale
        self.target = torch.as_tensor(table[:, 0], dtype=torch.float32)

    def __len__(self):
        return len(self.target)

    def __getitem__(self, i):
        return self.signal[i], self.target[i]


class FixedReadings(Dataset):
    def __init__(self, path):
        table = np.loadtxt(path, delimiter=",")
        self.signal = (torch.as_tensor(table[:, 1:], dtype=torch.float32) - 0.5) / 0.25
        self.target = torch.as_tensor(table[:, 0], dtype=torch.float32)

    def __len__(self):
        return len(self.target)

    def __getitem__(self, i):
        return self.signal[i], self.target[i]
