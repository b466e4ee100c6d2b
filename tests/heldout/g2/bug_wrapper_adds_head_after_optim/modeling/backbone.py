import torch.nn as nn
import torchvision


def get_backbone(name="resnet50", pretrained=True):
    """Return a torchvision trunk with its classifier removed, plus its feature dim."""
    weights = "DEFAULT" if pretrained else None
    if name.startswith("resnet"):
        net = getattr(torchvision.models, name)(weights=weights)
        dim = net.fc.in_features
        net.fc = nn.Identity()
    elif name.startswith("efficientnet"):
        net = getattr(torchvision.models, name)(weights=weights)
        dim = net.classifier[-1].in_features
        net.classifier = nn.Identity()
    else:
        raise ValueError(name)
    return net, dim
