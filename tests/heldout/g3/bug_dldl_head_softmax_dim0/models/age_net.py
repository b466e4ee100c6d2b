import timm
import torch
import torch.nn as nn


class AgeDistributionNet(nn.Module):
    """Deep Label Distribution Learning (DLDL-v2 style) age estimator.

    The head predicts a discrete distribution over ages [min_age, max_age];
    the expected value of the distribution is the age estimate.
    """

    def __init__(self, backbone="resnet50", min_age=0, max_age=100, dropout=0.2, pretrained=True):
        super().__init__()
        self.backbone = timm.create_model(backbone, pretrained=pretrained, num_classes=0)
        n_bins = max_age - min_age + 1
        self.head = nn.Sequential(
            nn.Dropout(dropout),
            nn.Linear(self.backbone.num_features, 512),
            nn.ReLU(inplace=True),
            nn.Linear(512, n_bins),
            nn.Softmax(dim=0),  # EXPECT: TL014  # <- TL014
        )
        self.register_buffer("ages", torch.arange(min_age, max_age + 1, dtype=torch.float32))

    def forward(self, images):
        feats = self.backbone(images)
        dist = self.head(feats)
        expected_age = (dist * self.ages).sum(dim=1)
        return dist, expected_age


def param_groups(model, lr, backbone_mult=0.1, weight_decay=1e-4):
    """Lower learning rate for the pretrained backbone than for the fresh head."""
    return [
        {"params": model.backbone.parameters(), "lr": lr * backbone_mult, "weight_decay": weight_decay},
        {"params": model.head.parameters(), "lr": lr, "weight_decay": weight_decay},
    ]


def freeze_backbone(model, freeze=True):
    for p in model.backbone.parameters():
        p.requires_grad = not freeze
