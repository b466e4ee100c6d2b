import torch.nn as nn
import torch.nn.functional as F


def conv1d_bn(in_ch, out_ch, k, s=1, p=0):
    return nn.Sequential(
        nn.Conv1d(in_ch, out_ch, k, stride=s, padding=p),
        nn.BatchNorm1d(out_ch),
        nn.ReLU(inplace=True),
        nn.MaxPool1d(2),
    )


class WDCNN(nn.Module):
    """Wide first-layer kernel CNN for bearing fault diagnosis from raw vibration."""

    def __init__(self, in_channels=1, num_classes=10):
        super().__init__()
        self.features = nn.Sequential(
            conv1d_bn(in_channels, 16, 64, s=16, p=24),
            conv1d_bn(16, 32, 3, p=1),
            conv1d_bn(32, 64, 3, p=1),
            conv1d_bn(64, 64, 3, p=1),
            conv1d_bn(64, 64, 3),
        )
        self.fc1 = nn.Linear(64 * 3, 100)
        self.bn = nn.BatchNorm1d(100)
        self.fc2 = nn.Linear(100, num_classes)

    def forward(self, x):
        x = self.features(x)
        x = x.view(x.size(0), -1)
        x = F.relu(self.bn(self.fc1(x)))
        logits = self.fc2(x)
        probs = F.softmax(logits, dim=1)
        return logits, probs
