import torch
import torch.nn as nn


class ConvGRU(nn.Module):
    """1D conv front-end + bidirectional GRU for human activity recognition windows."""

    def __init__(self, n_channels=9, n_classes=6, conv_dim=64, hidden=128, dropout=0.3):
        super().__init__()
        self.conv = nn.Sequential(
            nn.Conv1d(n_channels, conv_dim, kernel_size=5, padding=2),
            nn.BatchNorm1d(conv_dim),
            nn.ReLU(),
            nn.Conv1d(conv_dim, conv_dim, kernel_size=5, padding=2),
            nn.BatchNorm1d(conv_dim),
            nn.ReLU(),
            nn.MaxPool1d(2),
        )
        self.gru = nn.GRU(conv_dim, hidden, batch_first=True, bidirectional=True)
        self.norm = nn.LayerNorm(2 * hidden)
        self.drop = nn.Dropout(dropout)
        self.out = nn.Linear(2 * hidden, n_classes)

    def forward(self, x):
        # x: (batch, time, channels)
        h = self.conv(x.transpose(1, 2)).transpose(1, 2)
        h, _ = self.gru(h)
        h = self.norm(h.mean(dim=1))
        out = self.out(self.drop(h))
        return torch.softmax(out, dim=-1)  # EXPECT: TL003


class MLPBaseline(nn.Module):
    def __init__(self, n_features, n_classes=6, hidden=256):
        super().__init__()
        self.net = nn.Sequential(
            nn.Flatten(),
            nn.Linear(n_features, hidden),
            nn.ReLU(),
            nn.Dropout(0.2),
            nn.Linear(hidden, n_classes),
        )

    def forward(self, x):
        return self.net(x)


def get_model(name, **kwargs):
    if name == "convgru":
        return ConvGRU(**kwargs)
    if name == "mlp":
        return MLPBaseline(**kwargs)
    raise ValueError(f"unknown model {name}")
