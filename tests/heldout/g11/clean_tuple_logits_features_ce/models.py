import torch.nn as nn
import torch.nn.functional as F
import torchvision


class BNNeck(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.bn = nn.BatchNorm1d(dim)
        self.bn.bias.requires_grad_(False)

    def forward(self, x):
        return self.bn(x)


class ReIDNet(nn.Module):
    """ResNet-50 backbone with BNNeck; returns (logits, embedding) during training."""

    def __init__(self, num_ids, last_stride=1, pretrained=True):
        super().__init__()
        resnet = torchvision.models.resnet50(weights="IMAGENET1K_V2" if pretrained else None)
        if last_stride == 1:
            resnet.layer4[0].conv2.stride = (1, 1)
            resnet.layer4[0].downsample[0].stride = (1, 1)
        self.base = nn.Sequential(*list(resnet.children())[:-2])
        self.gap = nn.AdaptiveAvgPool2d(1)
        self.neck = BNNeck(2048)
        self.classifier = nn.Linear(2048, num_ids, bias=False)
        nn.init.normal_(self.classifier.weight, std=0.001)

    def forward(self, x):
        global_feat = self.gap(self.base(x)).flatten(1)
        feat = self.neck(global_feat)
        if not self.training:
            return F.normalize(feat, dim=1)
        logits = self.classifier(feat)
        return logits, global_feat
