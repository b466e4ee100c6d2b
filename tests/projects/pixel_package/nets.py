import torch.nn as nn


class Scale(nn.Module):
    def forward(self, x):
        return x / 255.0


class ScaledNet(nn.Module):
    def __init__(self, classes):
        super().__init__()
        self.scale = Scale()
        self.body = nn.Sequential(nn.Conv2d(3, 16, 3), nn.AdaptiveAvgPool2d(1), nn.Flatten())
        self.head = nn.Linear(16, classes)

    def forward(self, x):
        return self.head(self.body(self.scale(x)))


class PlainNet(nn.Module):
    def __init__(self, classes):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(3, 16, 3), nn.AdaptiveAvgPool2d(1), nn.Flatten())
        self.head = nn.Linear(16, classes)

    def forward(self, x):
        return self.head(self.body(x))
