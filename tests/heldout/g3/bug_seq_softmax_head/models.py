import torch
import torch.nn as nn


def conv_bn(in_ch, out_ch, pool=False):
    layers = [
        nn.Conv2d(in_ch, out_ch, kernel_size=3, padding=1, bias=False),
        nn.BatchNorm2d(out_ch),
        nn.ReLU(inplace=True),
    ]
    if pool:
        layers.append(nn.MaxPool2d(2))
    return nn.Sequential(*layers)


class Residual(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.body = nn.Sequential(conv_bn(channels, channels), conv_bn(channels, channels))

    def forward(self, x):
        return x + self.body(x)


class ResNet9(nn.Module):
    """ResNet9 as in the DAWNBench CIFAR-10 submissions."""

    def __init__(self, in_channels=3, num_classes=10, width=64, dropout=0.2):
        super().__init__()
        self.prep = conv_bn(in_channels, width)
        self.layer1 = nn.Sequential(conv_bn(width, width * 2, pool=True), Residual(width * 2))
        self.layer2 = conv_bn(width * 2, width * 4, pool=True)
        self.layer3 = nn.Sequential(conv_bn(width * 4, width * 8, pool=True), Residual(width * 8))
        self.classifier = nn.Sequential(
            nn.AdaptiveMaxPool2d(1),
            nn.Flatten(),
            nn.Dropout(dropout),
            nn.Linear(width * 8, num_classes),
            nn.Softmax(dim=1),  # EXPECT: TL003
        )

    def forward(self, x):
        x = self.prep(x)
        x = self.layer1(x)
        x = self.layer2(x)
        x = self.layer3(x)
        return self.classifier(x)


def count_parameters(model):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
