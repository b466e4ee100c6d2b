import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision


class UpBlock(nn.Module):
    def __init__(self, in_ch, skip_ch, out_ch):
        super().__init__()
        self.conv = nn.Sequential(
            nn.Conv2d(in_ch + skip_ch, out_ch, 3, padding=1),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(out_ch, out_ch, 3, padding=1),
            nn.LeakyReLU(0.2, inplace=True),
        )

    def forward(self, x, skip):
        x = F.interpolate(x, size=skip.shape[-2:], mode="bilinear", align_corners=False)
        return self.conv(torch.cat([x, skip], dim=1))


class DenseDepth(nn.Module):
    """Encoder-decoder depth network (DenseNet-169 encoder), outputs depth in (0, 1)."""

    def __init__(self, pretrained=True):
        super().__init__()
        enc = torchvision.models.densenet169(weights="IMAGENET1K_V1" if pretrained else None).features
        self.enc = enc
        self.skip_names = {"relu0": 64, "pool0": 64, "transition1": 128, "transition2": 256}
        self.bottleneck = nn.Conv2d(1664, 832, 1)
        self.up1 = UpBlock(832, 256, 416)
        self.up2 = UpBlock(416, 128, 208)
        self.up3 = UpBlock(208, 64, 104)
        self.up4 = UpBlock(104, 64, 52)
        self.out = nn.Conv2d(52, 1, 3, padding=1)

    def forward(self, x):
        feats = {}
        h = x
        for name, layer in self.enc.named_children():
            h = layer(h)
            if name in self.skip_names:
                feats[name] = h
        h = self.bottleneck(F.relu(h))
        h = self.up1(h, feats["transition2"])
        h = self.up2(h, feats["transition1"])
        h = self.up3(h, feats["pool0"])
        h = self.up4(h, feats["relu0"])
        h = F.interpolate(self.out(h), size=x.shape[-2:], mode="bilinear", align_corners=False)
        return torch.sigmoid(h)
