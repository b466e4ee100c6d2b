import copy

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision


class MLP(nn.Module):
    def __init__(self, in_dim, hidden=4096, out_dim=256):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(in_dim, hidden),
            nn.BatchNorm1d(hidden),
            nn.ReLU(inplace=True),
            nn.Linear(hidden, out_dim),
        )

    def forward(self, x):
        return self.net(x)


class FeatureCenter(nn.Module):
    """Keeps an EMA of the projected features (used to monitor / avoid collapse)."""

    def __init__(self, dim, momentum=0.9):
        super().__init__()
        self.momentum = momentum
        self.register_buffer("center", torch.zeros(1, dim))

    def forward(self, z):
        if self.training:
            batch_center = z.detach().mean(dim=0, keepdim=True)
            self.center.mul_(self.momentum).add_(batch_center, alpha=1.0 - self.momentum)
        return z - self.center


class BYOL(nn.Module):
    def __init__(self, arch="resnet18", proj_dim=256, hidden=4096, tau=0.996):
        super().__init__()
        backbone = getattr(torchvision.models, arch)(weights=None)
        feat_dim = backbone.fc.in_features
        backbone.fc = nn.Identity()
        self.online_encoder = backbone
        self.online_projector = MLP(feat_dim, hidden, proj_dim)
        self.predictor = MLP(proj_dim, hidden, proj_dim)
        self.center = FeatureCenter(proj_dim)

        self.target_encoder = copy.deepcopy(self.online_encoder)
        self.target_projector = copy.deepcopy(self.online_projector)
        for p in list(self.target_encoder.parameters()) + list(self.target_projector.parameters()):
            p.requires_grad = False
        self.tau = tau

    def online_parameters(self):
        return (list(self.online_encoder.parameters()) + list(self.online_projector.parameters())
                + list(self.predictor.parameters()))

    @torch.no_grad()
    def update_target(self, tau=None):
        tau = self.tau if tau is None else tau
        pairs = [(self.online_encoder, self.target_encoder), (self.online_projector, self.target_projector)]
        for online, target in pairs:
            for po, pt in zip(online.parameters(), target.parameters()):
                pt.mul_(tau).add_(po.detach(), alpha=1.0 - tau)

    def forward(self, view1, view2):
        p1 = self.predictor(self.center(self.online_projector(self.online_encoder(view1))))
        p2 = self.predictor(self.center(self.online_projector(self.online_encoder(view2))))
        with torch.no_grad():
            t1 = self.target_projector(self.target_encoder(view1))
            t2 = self.target_projector(self.target_encoder(view2))
        return F.normalize(p1, dim=-1), F.normalize(p2, dim=-1), t1.detach(), t2.detach()
