import torch.nn as nn


class TabularMLP(nn.Module):
    def __init__(self, in_dim, hidden=(256, 128, 64), dropout=0.15):
        super().__init__()
        layers = []
        prev = in_dim
        for h in hidden:
            layers += [nn.Linear(prev, h), nn.BatchNorm1d(h), nn.SiLU(), nn.Dropout(dropout)]
            prev = h
        self.body = nn.Sequential(*layers)
        self.out = nn.Linear(prev, 1)

    def forward(self, x):
        return self.out(self.body(x)).squeeze(-1)
