import torch
import torch.nn as nn


class LSTMForecaster(nn.Module):
    """Seq2one forecaster: encodes a window of past features, predicts the next `horizon` values."""

    def __init__(self, n_features, hidden=128, layers=2, horizon=24, dropout=0.2):
        super().__init__()
        self.input_proj = nn.Linear(n_features, hidden)
        self.lstm = nn.LSTM(hidden, hidden, num_layers=layers, batch_first=True,
                            dropout=dropout if layers > 1 else 0.0)
        self.drop = nn.Dropout(dropout)
        self.head = nn.Sequential(
            nn.Linear(hidden, hidden),
            nn.GELU(),
            nn.Linear(hidden, horizon),
        )

    def forward(self, x):
        # x: (B, T, F)
        h = torch.relu(self.input_proj(x))
        out, _ = self.lstm(h)
        last = self.drop(out[:, -1])
        return self.head(last)
