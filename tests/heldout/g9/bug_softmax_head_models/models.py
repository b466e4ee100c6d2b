"""ResNet-based classifier for the leaf disease competition."""
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision


class SqueezeExcite(nn.Module):
    def __init__(self, channels, reduction=16):
        super().__init__()
        hidden = max(8, channels // reduction)
        self.fc1 = nn.Conv2d(channels, hidden, 1)
        self.fc2 = nn.Conv2d(hidden, channels, 1)

    def forward(self, x):
        s = F.adaptive_avg_pool2d(x, 1)
        s = F.relu(self.fc1(s), inplace=True)
        return x * torch.sigmoid(self.fc2(s))


class ClassificationHead(nn.Module):
    def __init__(self, in_features, num_classes, dropout=0.3):
        super().__init__()
        self.se = SqueezeExcite(in_features)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.dropout = nn.Dropout(dropout)
        self.fc = nn.Linear(in_features, num_classes)

    def forward(self, x):
        x = self.se(x)
        x = self.pool(x).flatten(1)
        x = self.fc(self.dropout(x))
        return F.softmax(x, dim=1)  # EXPECT: TL003


class LeafNet(nn.Module):
    def __init__(self, num_classes, arch="resnet34", pretrained=True, dropout=0.3):
        super().__init__()
        weights = "IMAGENET1K_V1" if pretrained else None
        backbone = getattr(torchvision.models, arch)(weights=weights)
        self.stem = nn.Sequential(backbone.conv1, backbone.bn1, backbone.relu, backbone.maxpool)
        self.layer1 = backbone.layer1
        self.layer2 = backbone.layer2
        self.layer3 = backbone.layer3
        self.layer4 = backbone.layer4
        in_features = backbone.fc.in_features
        self.head = ClassificationHead(in_features, num_classes, dropout=dropout)

    def forward_features(self, x):
        x = self.stem(x)
        x = self.layer1(x)
        x = self.layer2(x)
        x = self.layer3(x)
        return self.layer4(x)

    def forward(self, x):
        return self.head(self.forward_features(x))


def build_model(cfg):
    model = LeafNet(
        num_classes=cfg.num_classes,
        arch=cfg.arch,
        pretrained=cfg.pretrained,
        dropout=cfg.dropout,
    )
    return model
