import torch
import torch.nn as nn


class LSTMForecaster(nn.Module):
    """Seq2one forecaster: encodes a window of past values and predicts `horizon` steps."""

    def __init__(self, n_features, hidden_size=128, num_layers=2, horizon=24, dropout=0.2):
        super().__init__()
        self.horizon = horizon
        self.input_proj = nn.Linear(n_features, hidden_size)
        self.lstm = nn.LSTM(
            hidden_size,
            hidden_size,
            num_layers=num_layers,
            batch_first=True,
            dropout=dropout if num_layers > 1 else 0.0,
        )
        self.norm = nn.LayerNorm(hidden_size)
        self.head = nn.Sequential(
            nn.Linear(hidden_size, hidden_size),
            nn.GELU(),
            nn.Dropout(dropout),
            nn.Linear(hidden_size, horizon),
        )

    def forward(self, x):
        # x: (B, T, F)
        h = self.input_proj(x)
        out, _ = self.lstm(h)
        last = self.norm(out[:, -1])
        return self.head(last)


class WindowDataset(torch.utils.data.Dataset):
    def __init__(self, series, target_col, window=168, horizon=24):
        self.x = torch.as_tensor(series, dtype=torch.float32)
        self.target_col = target_col
        self.window = window
        self.horizon = horizon

    def __len__(self):
        return len(self.x) - self.window - self.horizon + 1

    def __getitem__(self, idx):
        past = self.x[idx: idx + self.window]
        future = self.x[idx + self.window: idx + self.window + self.horizon, self.target_col]
        return past, future
