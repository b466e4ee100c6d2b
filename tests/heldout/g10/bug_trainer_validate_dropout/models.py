import torch
import torch.nn as nn


class ResidualBlock(nn.Module):
    def __init__(self, dim, p_drop=0.2):
        super().__init__()
        self.fc1 = nn.Linear(dim, dim)
        self.bn1 = nn.BatchNorm1d(dim)
        self.fc2 = nn.Linear(dim, dim)
        self.bn2 = nn.BatchNorm1d(dim)
        self.drop = nn.Dropout(p_drop)
        self.act = nn.SiLU()

    def forward(self, x):
        h = self.act(self.bn1(self.fc1(x)))
        h = self.drop(h)
        h = self.bn2(self.fc2(h))
        return self.act(x + h)


class TabularNet(nn.Module):
    """MLP with residual blocks for tabular classification."""

    def __init__(self, in_features, num_classes, hidden=256, depth=3, p_drop=0.2):
        super().__init__()
        self.stem = nn.Sequential(
            nn.Linear(in_features, hidden),
            nn.BatchNorm1d(hidden),
            nn.SiLU(),
        )
        self.blocks = nn.Sequential(*[ResidualBlock(hidden, p_drop) for _ in range(depth)])
        self.head = nn.Sequential(nn.Dropout(p_drop), nn.Linear(hidden, num_classes))

    def forward(self, x):
        x = self.stem(x)
        x = self.blocks(x)
        return self.head(x)


def count_parameters(model):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
