import torch
import torch.nn as nn


class ConvBNAct(nn.Sequential):
    def __init__(self, cin, cout, k=3, s=1):
        super().__init__(
            nn.Conv2d(cin, cout, k, s, k // 2, bias=False),
            nn.BatchNorm2d(cout),
            nn.SiLU(inplace=True),
        )


class SqueezeExcite(nn.Module):
    def __init__(self, ch, r=4):
        super().__init__()
        self.fc = nn.Sequential(
            nn.AdaptiveAvgPool2d(1),
            nn.Conv2d(ch, ch // r, 1),
            nn.SiLU(inplace=True),
            nn.Conv2d(ch // r, ch, 1),
            nn.Sigmoid(),
        )

    def forward(self, x):
        return x * self.fc(x)


class TinyEffNet(nn.Module):
    def __init__(self, num_classes=100, width=32, drop_rate=0.2):
        super().__init__()
        self.stem = ConvBNAct(3, width, s=2)
        self.stages = nn.Sequential(
            ConvBNAct(width, width * 2, s=2),
            SqueezeExcite(width * 2),
            ConvBNAct(width * 2, width * 4, s=2),
            SqueezeExcite(width * 4),
            ConvBNAct(width * 4, width * 8, s=2),
        )
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.dropout = nn.Dropout(drop_rate)
        self.classifier = nn.Linear(width * 8, num_classes)

    def forward_features(self, x):
        return self.stages(self.stem(x))

    def forward(self, x):
        x = self.pool(self.forward_features(x)).flatten(1)
        return self.classifier(self.dropout(x))


def count_parameters(model):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
