import torch.nn as nn
import torchvision


class AgeRegressor(nn.Module):
    def __init__(self, pretrained=True, dropout=0.25):
        super().__init__()
        net = torchvision.models.efficientnet_b0(weights="IMAGENET1K_V1" if pretrained else None)
        self.features = net.features
        self.pool = nn.AdaptiveAvgPool2d(1)
        in_f = net.classifier[1].in_features
        self.regressor = nn.Sequential(
            nn.Dropout(dropout),
            nn.Linear(in_f, 256),
            nn.SiLU(),
            nn.Linear(256, 1),
        )

    def forward(self, x):
        x = self.pool(self.features(x)).flatten(1)
        return self.regressor(x)

    def param_groups(self, lr, backbone_mult=0.1):
        return [
            {"params": self.features.parameters(), "lr": lr * backbone_mult},
            {"params": self.regressor.parameters(), "lr": lr},
        ]
