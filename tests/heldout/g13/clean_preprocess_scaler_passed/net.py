import torch.nn as nn


class ResidualBlock(nn.Module):
    def __init__(self, dim, p):
        super().__init__()
        self.ff = nn.Sequential(nn.LayerNorm(dim), nn.Linear(dim, dim * 2), nn.GELU(),
                                nn.Dropout(p), nn.Linear(dim * 2, dim))

    def forward(self, x):
        return x + self.ff(x)


class PriceRegressor(nn.Module):
    def __init__(self, n_in, dim=128, n_blocks=3, p=0.1):
        super().__init__()
        self.inp = nn.Linear(n_in, dim)
        self.blocks = nn.Sequential(*[ResidualBlock(dim, p) for _ in range(n_blocks)])
        self.out = nn.Sequential(nn.LayerNorm(dim), nn.Linear(dim, 1))

    def forward(self, x):
        return self.out(self.blocks(self.inp(x))).squeeze(1)
