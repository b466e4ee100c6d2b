import torch
import torch.nn as nn
import torchvision


class DenseNet121(nn.Module):
    """DenseNet-121 with a sigmoid multi-label head (CheXNet style)."""

    def __init__(self, out_size=14, pretrained=True):
        super().__init__()
        weights = torchvision.models.DenseNet121_Weights.IMAGENET1K_V1 if pretrained else None
        self.densenet121 = torchvision.models.densenet121(weights=weights)
        num_ftrs = self.densenet121.classifier.in_features
        self.densenet121.classifier = nn.Sequential(
            nn.Linear(num_ftrs, out_size),
            nn.Sigmoid(),
        )

    def forward(self, x):
        return self.densenet121(x)


class ResNetMultiLabel(nn.Module):
    def __init__(self, out_size=14, arch="resnet50", pretrained=True):
        super().__init__()
        base = getattr(torchvision.models, arch)(weights="DEFAULT" if pretrained else None)
        base.fc = nn.Identity()
        self.encoder = base
        self.head = nn.Linear(2048 if arch in ("resnet50", "resnet101") else 512, out_size)

    def forward(self, x):
        return torch.sigmoid(self.head(self.encoder(x)))


def build(name, out_size):
    if name == "densenet121":
        return DenseNet121(out_size)
    return ResNetMultiLabel(out_size, arch=name)
