import torch
import torch.nn as nn

import heatmaps
from heatmaps import blur_peaks, log_compress, peaks_for_display, reweight
from refine import sharpen


class PoseHead(nn.Module):
    def __init__(self, channels, joints):
        super().__init__()
        self.conv = nn.Conv2d(channels, joints, 1)

    def forward(self, feats):
        return blur_peaks(self.conv(feats))  # <- TL010


class PoseNet(nn.Module):
    def __init__(self, backbone, joints):
        super().__init__()
        self.backbone = backbone
        self.conv = nn.Conv2d(256, joints, 1)

    def _refine(self, maps):
        return heatmaps.blur_and_rescale(maps)  # <- TL010

    def forward(self, images):
        maps = self.conv(self.backbone(images))
        return self._refine(maps)


class SharpPoseNet(nn.Module):
    def __init__(self, joints):
        super().__init__()
        self.conv = nn.Conv2d(256, joints, 1)

    def forward(self, feats):
        maps = sharpen(self.conv(feats))  # <- TL010
        return maps.flatten(2).softmax(-1)


class CountRegressor(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(64, 1)
        self.class_weights = torch.ones(1)

    def forward(self, counts):
        return reweight(self.fc(log_compress(counts)), self.class_weights)


class TrackedPoseHead(nn.Module):
    def __init__(self, joints):
        super().__init__()
        self.conv = nn.Conv2d(256, joints, 1)

    def forward(self, feats):
        maps = self.conv(feats)
        self.last_peaks = peaks_for_display(maps)
        return maps
