import torch.nn as nn


def tower(widths, dropout=0.0):
    layers = []
    for a, b in zip(widths, widths[1:]):
        layers.extend([nn.Linear(a, b), nn.ReLU()])
        if dropout:
            layers.append(nn.Dropout(dropout))
    return nn.Sequential(*layers)


class Classifier(nn.Module):
    def __init__(self, features, classes, hidden=(128, 64)):
        super().__init__()
        blocks, width = [], features
        for size in hidden:
            blocks += [nn.Linear(width, size), nn.BatchNorm1d(size), nn.ReLU()]
            width = size
        blocks.append(nn.Linear(width, classes))
        self.blocks = nn.Sequential(*blocks)

    def forward(self, x):
        return self.blocks(x)
