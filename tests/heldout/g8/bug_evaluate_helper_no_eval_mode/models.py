import torch
import torch.nn as nn


class DenseLayer(nn.Module):
    def __init__(self, cin, growth, drop=0.1):
        super().__init__()
        self.block = nn.Sequential(
            nn.BatchNorm2d(cin), nn.ReLU(inplace=True),
            nn.Conv2d(cin, 4 * growth, 1, bias=False),
            nn.BatchNorm2d(4 * growth), nn.ReLU(inplace=True),
            nn.Conv2d(4 * growth, growth, 3, padding=1, bias=False),
            nn.Dropout2d(drop),
        )

    def forward(self, x):
        return torch.cat([x, self.block(x)], dim=1)


class Transition(nn.Sequential):
    def __init__(self, cin, cout):
        super().__init__(nn.BatchNorm2d(cin), nn.ReLU(inplace=True),
                         nn.Conv2d(cin, cout, 1, bias=False), nn.AvgPool2d(2))


class MiniDenseNet(nn.Module):
    def __init__(self, num_labels=14, growth=16, blocks=(4, 8, 8), drop=0.1):
        super().__init__()
        c = 2 * growth
        layers = [nn.Conv2d(1, c, 7, stride=2, padding=3, bias=False), nn.MaxPool2d(3, 2, 1)]
        for i, n in enumerate(blocks):
            for _ in range(n):
                layers.append(DenseLayer(c, growth, drop))
                c += growth
            if i != len(blocks) - 1:
                layers.append(Transition(c, c // 2))
                c //= 2
        layers += [nn.BatchNorm2d(c), nn.ReLU(inplace=True), nn.AdaptiveAvgPool2d(1), nn.Flatten()]
        self.features = nn.Sequential(*layers)
        self.classifier = nn.Linear(c, num_labels)

    def forward(self, x):
        return self.classifier(self.features(x))
