import torch
import torch.nn as nn


class OrdinalHead(nn.Module):
    """CORAL-style ordinal regression head: K-1 shared-weight binary tasks."""

    def __init__(self, d_in, n_levels):
        super().__init__()
        self.fc = nn.Linear(d_in, 1, bias=False)
        self.bias = nn.Parameter(torch.zeros(n_levels - 1))

    def forward(self, h):
        return self.fc(h) + self.bias


class WineNet(nn.Module):
    def __init__(self, d_in, n_levels, hidden=96, dropout=0.15):
        super().__init__()
        self.backbone = nn.Sequential(
            nn.Linear(d_in, hidden), nn.SiLU(), nn.Dropout(dropout),
            nn.Linear(hidden, hidden), nn.SiLU(), nn.Dropout(dropout),
        )
        self.head = OrdinalHead(hidden, n_levels)

    def forward(self, x):
        return self.head(self.backbone(x))


def ordinal_targets(y, min_level, n_levels):
    levels = torch.arange(n_levels - 1, device=y.device) + min_level
    return (y.unsqueeze(1) > levels).float()


def decode(logits, min_level):
    return (torch.sigmoid(logits) > 0.5).sum(dim=1).float() + min_level


def init_weights(module):
    if isinstance(module, nn.Linear):
        nn.init.kaiming_uniform_(module.weight, nonlinearity="linear")
        if module.bias is not None:
            nn.init.zeros_(module.bias)
