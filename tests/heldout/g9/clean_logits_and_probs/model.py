import torch
import torch.nn as nn
import torch.nn.functional as F


class ConvBlock(nn.Module):
    def __init__(self, in_ch, out_ch, pool=(2, 2)):
        super().__init__()
        self.conv1 = nn.Conv2d(in_ch, out_ch, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(out_ch)
        self.conv2 = nn.Conv2d(out_ch, out_ch, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_ch)
        self.pool = pool

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = F.relu(self.bn2(self.conv2(x)))
        return F.avg_pool2d(x, kernel_size=self.pool)


class AudioCNN(nn.Module):
    """CNN10-style classifier on log-mel spectrograms [B, 1, n_mels, T]."""

    def __init__(self, num_classes=50, n_mels=64, dropout=0.2):
        super().__init__()
        self.bn0 = nn.BatchNorm2d(n_mels)
        self.blocks = nn.Sequential(
            ConvBlock(1, 64),
            ConvBlock(64, 128),
            ConvBlock(128, 256),
            ConvBlock(256, 512, pool=(1, 1)),
        )
        self.dropout = nn.Dropout(dropout)
        self.fc1 = nn.Linear(512, 512)
        self.fc_out = nn.Linear(512, num_classes)

    def forward(self, spec):
        x = spec.transpose(1, 2)
        x = self.bn0(x)
        x = x.transpose(1, 2)
        x = self.blocks(x)
        x = x.mean(dim=2)
        x = torch.amax(x, dim=2) + torch.mean(x, dim=2)
        x = F.relu(self.fc1(self.dropout(x)))
        logits = self.fc_out(self.dropout(x))
        probs = torch.softmax(logits, dim=-1)
        return logits, probs
