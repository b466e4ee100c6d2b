import torch
import torch.nn as nn


class ResidualBlock(nn.Module):
    def __init__(self, dim, dropout=0.1):
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.fc1 = nn.Linear(dim, dim * 2)
        self.fc2 = nn.Linear(dim * 2, dim)
        self.drop = nn.Dropout(dropout)

    def forward(self, x):
        h = self.norm(x)
        h = self.fc2(self.drop(torch.relu(self.fc1(h))))
        return x + h


class HousingMLP(nn.Module):
    def __init__(self, n_features, hidden=128, depth=3, dropout=0.1):
        super().__init__()
        self.inp = nn.Linear(n_features, hidden)
        self.blocks = nn.Sequential(*[ResidualBlock(hidden, dropout) for _ in range(depth)])
        self.out_norm = nn.LayerNorm(hidden)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x):
        h = self.inp(x)
        h = self.blocks(h)
        return self.head(self.out_norm(h))
