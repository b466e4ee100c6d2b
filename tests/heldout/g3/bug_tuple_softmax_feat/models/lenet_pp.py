import torch.nn as nn
import torch.nn.functional as F


class ConvPair(nn.Module):
    def __init__(self, in_ch, out_ch):
        super().__init__()
        self.conv1 = nn.Conv2d(in_ch, out_ch, 5, padding=2)
        self.prelu1 = nn.PReLU()
        self.conv2 = nn.Conv2d(out_ch, out_ch, 5, padding=2)
        self.prelu2 = nn.PReLU()

    def forward(self, x):
        x = self.prelu1(self.conv1(x))
        x = self.prelu2(self.conv2(x))
        return F.max_pool2d(x, 2)


class LeNetPP(nn.Module):
    """LeNet++ from Wen et al., 'A Discriminative Feature Learning Approach
    for Deep Face Recognition' (center loss paper)."""

    def __init__(self, num_classes=10, feat_dim=2):
        super().__init__()
        self.block1 = ConvPair(1, 32)
        self.block2 = ConvPair(32, 64)
        self.block3 = ConvPair(64, 128)
        self.fc1 = nn.Linear(128 * 3 * 3, feat_dim)
        self.prelu_fc1 = nn.PReLU()
        self.fc2 = nn.Linear(feat_dim, num_classes)

    def forward(self, x):
        x = self.block1(x)
        x = self.block2(x)
        x = self.block3(x)
        x = x.view(x.size(0), -1)
        feat = self.prelu_fc1(self.fc1(x))
        out = self.fc2(feat)
        return F.softmax(out, dim=1), feat  # EXPECT: TL003
