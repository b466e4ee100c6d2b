import torch.nn as nn


class ConvBNReLU(nn.Sequential):
    def __init__(self, in_ch, out_ch, stride=1):
        super().__init__(
            nn.Conv1d(in_ch, out_ch, kernel_size=9, stride=stride, padding=4, bias=False),
            nn.BatchNorm1d(out_ch),
            nn.ReLU(inplace=True),
        )


class KeywordSpotter(nn.Module):
    """1D CNN over log-mel frames for speech command classification."""

    def __init__(self, n_mels=40, n_classes=35, width=64, dropout=0.3):
        super().__init__()
        self.features = nn.Sequential(
            ConvBNReLU(n_mels, width),
            ConvBNReLU(width, width, stride=2),
            ConvBNReLU(width, width * 2),
            ConvBNReLU(width * 2, width * 2, stride=2),
            ConvBNReLU(width * 2, width * 4),
        )
        self.pool = nn.AdaptiveAvgPool1d(1)
        self.dropout = nn.Dropout(dropout)
        self.fc = nn.Linear(width * 4, n_classes)

    def forward(self, x):
        x = self.features(x)
        x = self.pool(x).squeeze(-1)
        return self.fc(self.dropout(x))
