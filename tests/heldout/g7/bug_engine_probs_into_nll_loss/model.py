import torch.nn as nn


class ConvBlock(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(cin, cout, 3, padding=1, bias=False),
            nn.BatchNorm2d(cout),
            nn.GELU(),
            nn.Conv2d(cout, cout, 3, padding=1, bias=False),
            nn.BatchNorm2d(cout),
            nn.GELU(),
            nn.MaxPool2d(2),
        )

    def forward(self, x):
        return self.net(x)


class BirdCallNet(nn.Module):
    """CNN over log-mel spectrograms [B, 1, n_mels, frames]."""

    def __init__(self, n_classes, width=48):
        super().__init__()
        self.blocks = nn.Sequential(
            ConvBlock(1, width),
            ConvBlock(width, width * 2),
            ConvBlock(width * 2, width * 4),
            ConvBlock(width * 4, width * 8),
        )
        self.dropout = nn.Dropout(0.3)
        self.fc = nn.Linear(width * 8, n_classes)

    def forward(self, x):
        x = self.blocks(x)
        x = x.mean(dim=2).amax(dim=2)
        return self.fc(self.dropout(x))
