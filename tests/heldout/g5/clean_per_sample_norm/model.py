import torch
import torch.nn as nn


def conv_block(c_in, c_out):
    return nn.Sequential(
        nn.Conv2d(c_in, c_out, 3, padding=1, bias=False),
        nn.BatchNorm2d(c_out),
        nn.ReLU(inplace=True),
        nn.Conv2d(c_out, c_out, 3, padding=1, bias=False),
        nn.BatchNorm2d(c_out),
        nn.ReLU(inplace=True),
        nn.MaxPool2d(2),
    )


class AudioCNN(nn.Module):
    def __init__(self, n_classes, width=32):
        super().__init__()
        self.features = nn.Sequential(
            conv_block(1, width),
            conv_block(width, width * 2),
            conv_block(width * 2, width * 4),
            conv_block(width * 4, width * 8),
        )
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.norm = nn.LayerNorm(width * 8)
        self.fc = nn.Linear(width * 8, n_classes)

    def forward(self, x):
        h = self.pool(self.features(x)).flatten(1)
        return self.fc(self.norm(h))


class SpecAugment(nn.Module):
    """Random time/frequency masking applied to a batch of (B, 1, F, T) spectrograms."""

    def __init__(self, freq_mask=8, time_mask=32, n_masks=2):
        super().__init__()
        self.freq_mask, self.time_mask, self.n_masks = freq_mask, time_mask, n_masks

    def forward(self, x):
        if not self.training:
            return x
        x = x.clone()
        _, _, n_freq, n_time = x.shape
        for _ in range(self.n_masks):
            f = int(torch.randint(0, self.freq_mask + 1, (1,)))
            f0 = int(torch.randint(0, max(1, n_freq - f), (1,)))
            x[:, :, f0:f0 + f, :] = 0.0
            t = int(torch.randint(0, self.time_mask + 1, (1,)))
            t0 = int(torch.randint(0, max(1, n_time - t), (1,)))
            x[:, :, :, t0:t0 + t] = 0.0
        return x


def mixup(x, y, n_classes, alpha=0.2):
    lam = torch.distributions.Beta(alpha, alpha).sample().item()
    perm = torch.randperm(x.size(0), device=x.device)
    y1 = nn.functional.one_hot(y, n_classes).float()
    return lam * x + (1 - lam) * x[perm], lam * y1 + (1 - lam) * y1[perm]
