import torch.nn as nn


class DSConv(nn.Module):
    def __init__(self, cin, cout, stride=1):
        super().__init__()
        self.dw = nn.Conv2d(cin, cin, 3, stride, 1, groups=cin, bias=False)
        self.pw = nn.Conv2d(cin, cout, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cin)
        self.bn2 = nn.BatchNorm2d(cout)
        self.act = nn.ReLU(inplace=True)

    def forward(self, x):
        return self.act(self.bn2(self.pw(self.act(self.bn1(self.dw(x))))))


class KWSNet(nn.Module):
    """DS-CNN keyword spotter (Zhang et al., Hello Edge)."""

    def __init__(self, n_mels=40, n_classes=12, channels=64):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(1, channels, (10, 4), (2, 2), (5, 1), bias=False),
                                  nn.BatchNorm2d(channels), nn.ReLU(inplace=True))
        self.body = nn.Sequential(*[DSConv(channels, channels) for _ in range(4)])
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.head = nn.Linear(channels, n_classes)

    def forward(self, x):
        x = self.body(self.stem(x))
        return self.head(self.pool(x).flatten(1))
