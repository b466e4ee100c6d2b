import torch
import torch.nn as nn
import torchvision


class PixelNormalize(nn.Module):
    """Normalises raw 0-255 RGB input with ImageNet statistics (detectron2-style pixel_mean/std)."""

    def __init__(self, mean=(123.675, 116.28, 103.53), std=(58.395, 57.12, 57.375)):
        super().__init__()
        self.register_buffer("pixel_mean", torch.tensor(mean).view(1, -1, 1, 1), persistent=False)
        self.register_buffer("pixel_std", torch.tensor(std).view(1, -1, 1, 1), persistent=False)

    def forward(self, x):
        return (x - self.pixel_mean) / self.pixel_std


class FoodClassifier(nn.Module):
    def __init__(self, num_classes, width_mult=1.0, dropout=0.2):
        super().__init__()
        self.normalize = PixelNormalize()
        backbone = torchvision.models.mobilenet_v3_large(weights="IMAGENET1K_V2", width_mult=width_mult)
        self.features = backbone.features
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        in_f = backbone.classifier[0].in_features
        self.classifier = nn.Sequential(
            nn.Linear(in_f, 1280),
            nn.Hardswish(inplace=True),
            nn.Dropout(dropout),
            nn.Linear(1280, num_classes),
        )

    def forward(self, x):
        x = self.normalize(x)
        x = self.features(x)
        x = self.avgpool(x).flatten(1)
        return self.classifier(x)
