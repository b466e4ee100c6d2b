"""Running means: one keeps what it is given, one converts tensors to floats first."""

import torch


class RunningMean:
    def __init__(self):
        self.total = 0.0
        self.count = 0

    def add(self, value, weight=1):
        self.total += value * weight
        self.count += weight


class SafeMean:
    def __init__(self):
        self.total = 0.0
        self.count = 0

    def add(self, value, weight=1):
        if torch.is_tensor(value):
            value = value.detach().item()
        self.total += value * weight
        self.count += weight
