import torch
import torch.nn as nn
import torch.nn.functional as F


class Embedder(nn.Module):
    def __init__(self, emb_dim=128):
        super().__init__()
        self.cnn = nn.Sequential(
            nn.Conv2d(1, 32, 5, padding=2), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(64, 128, 3, padding=1), nn.BatchNorm2d(128), nn.ReLU(),
            nn.AdaptiveAvgPool2d((4, 8)),
        )
        self.fc = nn.Linear(128 * 4 * 8, emb_dim)

    def forward(self, x):
        return F.normalize(self.fc(self.cnn(x).flatten(1)), dim=-1)


class SiameseNet(nn.Module):
    def __init__(self, emb_dim=128):
        super().__init__()
        self.embedder = Embedder(emb_dim)

    def forward(self, a, b):
        return self.embedder(a), self.embedder(b)


class ContrastiveLoss(nn.Module):
    def __init__(self, margin=1.0):
        super().__init__()
        self.margin = margin

    def forward(self, ea, eb, same):
        d = (ea - eb).pow(2).sum(1).sqrt()
        return (same * d.pow(2) + (1 - same) * F.relu(self.margin - d).pow(2)).mean()
