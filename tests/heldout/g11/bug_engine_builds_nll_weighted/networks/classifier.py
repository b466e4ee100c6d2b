import torch
import torch.nn as nn
from torchvision import models


class AttentionPool(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.score = nn.Sequential(nn.Linear(dim, dim // 4), nn.Tanh(), nn.Linear(dim // 4, 1))

    def forward(self, x):
        # x: (B, C, H, W) -> (B, HW, C)
        tokens = x.flatten(2).transpose(1, 2)
        w = torch.softmax(self.score(tokens), dim=1)
        return (w * tokens).sum(dim=1)


class ResNetClassifier(nn.Module):
    def __init__(self, num_classes, arch="resnet50", pretrained=True, dropout=0.4, attn_pool=True):
        super().__init__()
        weights = "DEFAULT" if pretrained else None
        base = getattr(models, arch)(weights=weights)
        in_features = base.fc.in_features
        self.stem = nn.Sequential(base.conv1, base.bn1, base.relu, base.maxpool)
        self.layers = nn.Sequential(base.layer1, base.layer2, base.layer3, base.layer4)
        self.pool = AttentionPool(in_features) if attn_pool else nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten())
        self.classifier = nn.Sequential(
            nn.Dropout(dropout),
            nn.Linear(in_features, 512),
            nn.ReLU(inplace=True),
            nn.Dropout(dropout / 2),
            nn.Linear(512, num_classes),
        )

    def forward(self, x):
        x = self.layers(self.stem(x))
        x = self.pool(x)
        return self.classifier(x)

    def param_groups(self, lr, backbone_mult=0.1):
        backbone = list(self.stem.parameters()) + list(self.layers.parameters())
        head = list(self.pool.parameters()) + list(self.classifier.parameters())
        return [{"params": backbone, "lr": lr * backbone_mult}, {"params": head, "lr": lr}]
