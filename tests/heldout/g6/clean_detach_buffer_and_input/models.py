import torch
import torch.nn as nn
import torch.nn.functional as F


class RunningInputNorm(nn.Module):
    """Streaming standardisation of raw sensor channels (Welford-style EMA of mean/var)."""

    def __init__(self, n_channels, momentum=0.01, eps=1e-5):
        super().__init__()
        self.momentum = momentum
        self.eps = eps
        self.register_buffer("running_mean", torch.zeros(1, n_channels, 1))
        self.register_buffer("running_var", torch.ones(1, n_channels, 1))
        self.register_buffer("initialized", torch.tensor(False))

    def _update_stats(self, x):
        x = x.detach()
        batch_mean = x.mean(dim=(0, 2), keepdim=True)
        batch_var = x.var(dim=(0, 2), keepdim=True, unbiased=False)
        if not bool(self.initialized):
            self.running_mean.copy_(batch_mean)
            self.running_var.copy_(batch_var)
            self.initialized.fill_(True)
        else:
            self.running_mean.lerp_(batch_mean, self.momentum)
            self.running_var.lerp_(batch_var, self.momentum)

    def forward(self, x):
        if self.training:
            self._update_stats(x)
        mean = self.running_mean.detach()
        std = (self.running_var.detach() + self.eps).sqrt()
        return (x - mean) / std


class TCNBlock(nn.Module):
    def __init__(self, c_in, c_out, dilation):
        super().__init__()
        self.conv = nn.Conv1d(c_in, c_out, 3, padding=dilation, dilation=dilation)
        self.norm = nn.BatchNorm1d(c_out)
        self.res = nn.Conv1d(c_in, c_out, 1) if c_in != c_out else nn.Identity()

    def forward(self, x):
        return F.gelu(self.norm(self.conv(x))) + self.res(x)


class GestureTCN(nn.Module):
    def __init__(self, n_channels, n_classes, width=64, levels=5):
        super().__init__()
        self.input_norm = RunningInputNorm(n_channels)
        blocks, c = [], n_channels
        for i in range(levels):
            blocks.append(TCNBlock(c, width, dilation=2 ** i))
            c = width
        self.tcn = nn.Sequential(*blocks)
        self.head = nn.Linear(width, n_classes)

    def forward(self, x):
        x = self.input_norm(x)
        h = self.tcn(x)
        return self.head(h.mean(dim=-1))
