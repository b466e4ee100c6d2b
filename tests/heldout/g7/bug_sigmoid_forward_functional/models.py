import torch
import torch.nn as nn
import torch.nn.functional as F


class ConvFeatures(nn.Module):
    """Small conv stem shared by the digit classifiers."""

    def __init__(self, in_ch=1, width=32):
        super().__init__()
        self.conv1 = nn.Conv2d(in_ch, width, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(width)
        self.conv2 = nn.Conv2d(width, width * 2, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(width * 2)
        self.pool = nn.MaxPool2d(2)

    def forward(self, x):
        x = self.pool(F.relu(self.bn1(self.conv1(x))))
        x = self.pool(F.relu(self.bn2(self.conv2(x))))
        return torch.flatten(x, 1)


class DeepSigmoidHead(nn.Module):
    """Classifier head used in the activation-comparison experiments."""

    def __init__(self, in_features, hidden=512, num_classes=10, dropout=0.2):
        super().__init__()
        self.fc1 = nn.Linear(in_features, hidden)
        self.fc2 = nn.Linear(hidden, hidden)
        self.fc3 = nn.Linear(hidden, hidden // 2)
        self.fc4 = nn.Linear(hidden // 2, hidden // 4)
        self.out = nn.Linear(hidden // 4, num_classes)
        self.drop = nn.Dropout(dropout)

    def forward(self, x):  # EXPECT: TL012  # <- TL012
        x = self.drop(x)
        x = torch.sigmoid(self.fc1(x))
        x = torch.sigmoid(self.fc2(x))
        x = torch.sigmoid(self.fc3(x))
        x = torch.sigmoid(self.fc4(x))
        return self.out(x)


class DigitNet(nn.Module):
    def __init__(self, num_classes=10, width=32, hidden=512):
        super().__init__()
        self.features = ConvFeatures(1, width)
        self.head = DeepSigmoidHead(width * 2 * 7 * 7, hidden, num_classes)

    def forward(self, x):
        return self.head(self.features(x))
