import torch
import torch.nn as nn
from torchvision import models


class LeafClassifier(nn.Module):
    def __init__(self, num_classes, pretrained=False, drop=0.25):
        super().__init__()
        backbone = models.resnet34(weights="DEFAULT" if pretrained else None)
        in_feats = backbone.fc.in_features
        backbone.fc = nn.Identity()
        self.encoder = backbone
        self.classifier = nn.Sequential(
            nn.Dropout(drop),
            nn.Linear(in_feats, num_classes),
        )

    def forward(self, x):
        return self.classifier(self.encoder(x))


def load_model(ckpt_path, map_location="cpu"):
    ckpt = torch.load(ckpt_path, map_location=map_location)
    model = LeafClassifier(num_classes=ckpt["num_classes"])
    model.load_state_dict(ckpt["model"])
    return model, ckpt["classes"]
