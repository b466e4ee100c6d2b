import timm
import torch
import torch.nn as nn


class GeM(nn.Module):
    def __init__(self, p=3.0, eps=1e-6):
        super().__init__()
        self.p = nn.Parameter(torch.ones(1) * p)
        self.eps = eps

    def forward(self, x):
        x = x.clamp(min=self.eps).pow(self.p)
        return nn.functional.avg_pool2d(x, (x.size(-2), x.size(-1))).pow(1.0 / self.p)


class MelanomaNet(nn.Module):
    """timm encoder + GeM pooling + optional tabular meta features."""

    def __init__(self, arch="efficientnet_b0", n_meta=0, pretrained=True, drop=0.3):
        super().__init__()
        self.encoder = timm.create_model(arch, pretrained=pretrained, num_classes=0, global_pool="")
        n_feat = self.encoder.num_features
        self.pool = GeM()
        self.n_meta = n_meta
        if n_meta > 0:
            self.meta = nn.Sequential(
                nn.Linear(n_meta, 128),
                nn.BatchNorm1d(128),
                nn.SiLU(),
                nn.Dropout(0.2),
                nn.Linear(128, 32),
                nn.SiLU(),
            )
            n_feat += 32
        self.dropout = nn.Dropout(drop)
        self.head = nn.Linear(n_feat, 1)

    def forward(self, image, meta=None):
        h = self.pool(self.encoder(image)).flatten(1)
        if self.n_meta > 0 and meta is not None:
            h = torch.cat([h, self.meta(meta)], dim=1)
        h = self.dropout(h)
        return torch.sigmoid(self.head(h)).squeeze(1)  # EXPECT: TL003

    def freeze_encoder(self, freeze=True):
        for p in self.encoder.parameters():
            p.requires_grad = not freeze
