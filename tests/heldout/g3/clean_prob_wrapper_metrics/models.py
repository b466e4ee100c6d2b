import timm
import torch
import torch.nn as nn
import torch.nn.functional as F


class GeM(nn.Module):
    def __init__(self, p=3.0, eps=1e-6):
        super().__init__()
        self.p = nn.Parameter(torch.ones(1) * p)
        self.eps = eps

    def forward(self, x):
        return F.avg_pool2d(x.clamp(min=self.eps).pow(self.p), x.shape[-2:]).pow(1.0 / self.p)


class LeafClassifier(nn.Module):
    def __init__(self, arch="tf_efficientnet_b3_ns", num_classes=5, pretrained=True, drop=0.3):
        super().__init__()
        self.encoder = timm.create_model(arch, pretrained=pretrained, num_classes=0, global_pool="")
        self.pool = GeM()
        self.drop = nn.Dropout(drop)
        self.fc = nn.Linear(self.encoder.num_features, num_classes)

    def forward(self, x):
        f = self.pool(self.encoder(x)).flatten(1)
        return self.fc(self.drop(f))


class SoftmaxWrapper(nn.Module):
    """Wraps a classifier so that calling it returns class probabilities.
    Used for validation / TTA / submission only."""

    def __init__(self, model, tta=False):
        super().__init__()
        self.model = model
        self.tta = tta

    def forward(self, x):
        probs = F.softmax(self.model(x), dim=1)
        if self.tta:
            probs = probs + F.softmax(self.model(torch.flip(x, dims=[3])), dim=1)
            probs = probs / 2
        return probs
