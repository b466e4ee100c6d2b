import torch.nn as nn
import torchvision

from lib.ops import gaussian_smooth, soft_argmax


class DeconvHead(nn.Module):
    def __init__(self, in_ch, num_joints, mid_ch=256, num_deconv=3):
        super().__init__()
        layers = []
        for i in range(num_deconv):
            layers += [
                nn.ConvTranspose2d(in_ch if i == 0 else mid_ch, mid_ch, 4, stride=2, padding=1, bias=False),
                nn.BatchNorm2d(mid_ch),
                nn.ReLU(inplace=True),
            ]
        self.deconv = nn.Sequential(*layers)
        self.final = nn.Conv2d(mid_ch, num_joints, 1)

    def forward(self, x):
        return self.final(self.deconv(x))


class SimpleBaselinePose(nn.Module):
    """ResNet + deconv head; returns raw heatmaps and integrated coordinates."""

    def __init__(self, num_joints=17, pretrained=True, smooth_kernel=5):
        super().__init__()
        resnet = torchvision.models.resnet50(weights="IMAGENET1K_V2" if pretrained else None)
        self.backbone = nn.Sequential(*list(resnet.children())[:-2])
        self.head = DeconvHead(2048, num_joints)
        self.smooth_kernel = smooth_kernel

    def forward(self, x):
        heatmaps = self.head(self.backbone(x))
        smoothed = gaussian_smooth(heatmaps, kernel=self.smooth_kernel)  # <- TL010
        coords = soft_argmax(smoothed)
        return heatmaps, coords
