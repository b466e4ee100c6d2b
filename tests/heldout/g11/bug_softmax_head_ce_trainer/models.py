import torch
import torch.nn as nn
import torch.nn.functional as F


class ConvBlock(nn.Module):
    def __init__(self, in_ch, out_ch, pool=True):
        super().__init__()
        self.conv = nn.Conv2d(in_ch, out_ch, kernel_size=3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(out_ch)
        self.pool = nn.MaxPool2d(2) if pool else nn.Identity()

    def forward(self, x):
        return self.pool(F.relu(self.bn(self.conv(x)), inplace=True))


class SimpleCNN(nn.Module):
    """Small VGG-style network for CIFAR-10 / SVHN sized inputs."""

    def __init__(self, num_classes=10, width=64, dropout=0.3):
        super().__init__()
        self.features = nn.Sequential(
            ConvBlock(3, width, pool=False),
            ConvBlock(width, width),
            ConvBlock(width, width * 2, pool=False),
            ConvBlock(width * 2, width * 2),
            ConvBlock(width * 2, width * 4),
        )
        self.gap = nn.AdaptiveAvgPool2d(1)
        self.dropout = nn.Dropout(dropout)
        self.fc1 = nn.Linear(width * 4, 256)
        self.fc2 = nn.Linear(256, num_classes)
        self._init_weights()

    def _init_weights(self):
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)
            elif isinstance(m, nn.Linear):
                nn.init.normal_(m.weight, 0, 0.01)
                nn.init.zeros_(m.bias)

    def forward(self, x):
        x = self.features(x)
        x = torch.flatten(self.gap(x), 1)
        x = self.dropout(F.relu(self.fc1(x)))
        x = self.fc2(x)
        return F.softmax(x, dim=1)  # EXPECT: TL003


def count_parameters(model):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
