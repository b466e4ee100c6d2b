import torch
import torch.nn as nn
import torchvision


class PixelPreprocess(nn.Module):
    def __init__(self, mean, std):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor(std).view(1, 3, 1, 1))

    def forward(self, x):
        x = x / 255.0
        return (x - self.mean) / self.std


class TileClassifier(nn.Module):
    def __init__(self, num_classes, mean, std):
        super().__init__()
        self.pre = PixelPreprocess(mean, std)
        backbone = torchvision.models.resnet34(weights=None)
        backbone.conv1 = nn.Conv2d(3, 64, 3, 1, 1, bias=False)
        backbone.maxpool = nn.Identity()
        backbone.fc = nn.Linear(backbone.fc.in_features, num_classes)
        self.backbone = backbone

    def forward(self, x):
        return self.backbone(self.pre(x))
