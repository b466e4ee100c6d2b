import torch.nn as nn


class MLP(nn.Module):
    def __init__(self, in_dim, hidden, classes):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(in_dim, hidden), nn.ReLU(), nn.Dropout(0.5), nn.Linear(hidden, classes)
        )

    def forward(self, x):
        return self.net(x)
