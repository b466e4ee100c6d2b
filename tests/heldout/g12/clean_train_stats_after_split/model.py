import torch
import torch.nn as nn


class ResidualMLPBlock(nn.Module):
    def __init__(self, dim, hidden, dropout):
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.ff = nn.Sequential(
            nn.Linear(dim, hidden),
            nn.GELU(),
            nn.Dropout(dropout),
            nn.Linear(hidden, dim),
            nn.Dropout(dropout),
        )

    def forward(self, x):
        return x + self.ff(self.norm(x))


class TabResNet(nn.Module):
    def __init__(self, in_dim, num_classes, dim=256, depth=4, hidden_mult=2, dropout=0.1):
        super().__init__()
        self.inp = nn.Linear(in_dim, dim)
        self.blocks = nn.ModuleList(
            [ResidualMLPBlock(dim, dim * hidden_mult, dropout) for _ in range(depth)]
        )
        self.out_norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, num_classes)

    def forward(self, x):
        h = self.inp(x)
        for blk in self.blocks:
            h = blk(h)
        return self.head(torch.relu(self.out_norm(h)))
