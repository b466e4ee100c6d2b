import torch.nn as nn
import torchvision.models as tvm


class Classifier(nn.Module):
    """torchvision backbone + fresh linear head."""

    def __init__(self, arch="resnet50", num_classes=1000, pretrained=True, drop_rate=0.0):
        super().__init__()
        weights = "DEFAULT" if pretrained else None
        backbone = getattr(tvm, arch)(weights=weights)
        if hasattr(backbone, "fc"):
            in_features = backbone.fc.in_features
            backbone.fc = nn.Identity()
        else:
            in_features = backbone.classifier[-1].in_features
            backbone.classifier = nn.Identity()
        self.backbone = backbone
        self.in_features = in_features
        self.drop = nn.Dropout(drop_rate)
        self.head = nn.Linear(in_features, num_classes)

    def reset_classifier(self, num_classes):
        self.head = nn.Linear(self.in_features, num_classes)

    def forward(self, x):
        return self.head(self.drop(self.backbone(x)))


def build_model(arch, num_classes, pretrained=True, drop_rate=0.0):
    return Classifier(arch, num_classes=num_classes, pretrained=pretrained, drop_rate=drop_rate)
