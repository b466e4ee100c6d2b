import timm
import torch
import torch.nn as nn


class GeM(nn.Module):
    def __init__(self, p=3.0, eps=1e-6):
        super().__init__()
        self.p = nn.Parameter(torch.ones(1) * p)
        self.eps = eps

    def forward(self, x):
        return x.clamp(min=self.eps).pow(self.p).mean(dim=(-2, -1)).pow(1.0 / self.p)


class CassavaNet(nn.Module):
    def __init__(self, arch="tf_efficientnet_b3_ns", n_classes=5, pretrained=False):
        super().__init__()
        self.backbone = timm.create_model(arch, pretrained=pretrained, num_classes=0, global_pool="")
        self.pool = GeM()
        self.bn = nn.BatchNorm1d(self.backbone.num_features)
        self.drop = nn.Dropout(0.3)
        self.fc = nn.Linear(self.backbone.num_features, n_classes)

    def forward(self, x):
        feats = self.pool(self.backbone(x))
        return self.fc(self.drop(self.bn(feats)))


def load_for_inference(path, arch, device):
    net = CassavaNet(arch)
    state = torch.load(path, map_location="cpu")
    net.load_state_dict(state.get("model", state))
    net.to(device)
    net.eval()
    return net
