import torch
import torch.nn as nn


class LSTMForecaster(nn.Module):
    def __init__(self, n_channels, horizon, hidden=128, layers=2, dropout=0.1):
        super().__init__()
        self.lstm = nn.LSTM(n_channels, hidden, num_layers=layers, batch_first=True, dropout=dropout)
        self.proj = nn.Linear(hidden, horizon)

    def forward(self, x):
        out, (h, c) = self.lstm(x)
        return self.proj(out[:, -1])


class SeasonalNaive(nn.Module):
    """Repeats the last `season` steps of the target channel; used as a sanity baseline."""

    def __init__(self, horizon, season=24, target_col=0):
        super().__init__()
        self.horizon = horizon
        self.season = season
        self.target_col = target_col

    def forward(self, x):
        last = x[:, -self.season:, self.target_col]
        reps = -(-self.horizon // self.season)
        return last.repeat(1, reps)[:, :self.horizon]


def mae(pred, target):
    return torch.mean(torch.abs(pred - target))


def rmse(pred, target):
    return torch.sqrt(torch.mean((pred - target) ** 2))


def smape(pred, target, eps=1e-6):
    num = torch.abs(pred - target)
    den = (torch.abs(pred) + torch.abs(target)).clamp_min(eps)
    return 200.0 * torch.mean(num / den)
