import torch.nn as nn
from torch.ao.quantization import DeQuantStub, QuantStub


def conv_bn_relu(cin, cout, stride=1, groups=1):
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, stride=stride, padding=1, groups=groups, bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU(inplace=False),
    )


class DWSeparable(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.dw = conv_bn_relu(cin, cin, stride=stride, groups=cin)
        self.pw = nn.Sequential(
            nn.Conv2d(cin, cout, 1, bias=False),
            nn.BatchNorm2d(cout),
            nn.ReLU(inplace=False),
        )

    def forward(self, x):
        return self.pw(self.dw(x))


class TinyMobileNet(nn.Module):
    """MobileNet-v1 style net used for the keyword-spotting / edge-vision demos."""

    CFG = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2)]

    def __init__(self, num_classes=10, in_ch=3, width_mult=1.0):
        super().__init__()
        c = int(32 * width_mult)
        layers = [conv_bn_relu(in_ch, c, stride=2)]
        for out, stride in self.CFG:
            out = int(out * width_mult)
            layers.append(DWSeparable(c, out, stride))
            c = out
        self.features = nn.Sequential(*layers)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Linear(c, num_classes)
        self.quant = QuantStub()
        self.dequant = DeQuantStub()

    def forward(self, x):
        x = self.quant(x)
        x = self.pool(self.features(x)).flatten(1)
        x = self.classifier(x)
        return self.dequant(x)

    def fuse_list(self):
        groups = [["features.0.0", "features.0.1", "features.0.2"]]
        for i in range(1, len(self.features)):
            groups.append([f"features.{i}.dw.0", f"features.{i}.dw.1", f"features.{i}.dw.2"])
            groups.append([f"features.{i}.pw.0", f"features.{i}.pw.1", f"features.{i}.pw.2"])
        return groups


def create_model(cfg):
    return TinyMobileNet(num_classes=cfg.num_classes, width_mult=cfg.width_mult)
