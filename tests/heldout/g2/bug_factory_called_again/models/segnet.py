import torch
import torch.nn as nn
import torch.nn.functional as F


def conv_bn_relu(cin, cout):
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, padding=1, bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU(inplace=True),
    )


class Down(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.block = nn.Sequential(conv_bn_relu(cin, cout), conv_bn_relu(cout, cout))

    def forward(self, x):
        skip = self.block(x)
        return F.max_pool2d(skip, 2), skip


class Up(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.up = nn.ConvTranspose2d(cin, cout, 2, stride=2)
        self.block = nn.Sequential(conv_bn_relu(cout * 2, cout), conv_bn_relu(cout, cout))

    def forward(self, x, skip):
        x = self.up(x)
        if x.shape[-2:] != skip.shape[-2:]:
            x = F.interpolate(x, size=skip.shape[-2:], mode="bilinear", align_corners=False)
        return self.block(torch.cat([x, skip], dim=1))


class UNet(nn.Module):
    def __init__(self, in_ch=3, n_classes=1, base=32, depth=4):
        super().__init__()
        chs = [base * 2 ** i for i in range(depth + 1)]
        self.downs = nn.ModuleList()
        prev = in_ch
        for c in chs[:-1]:
            self.downs.append(Down(prev, c))
            prev = c
        self.bottleneck = nn.Sequential(conv_bn_relu(chs[-2], chs[-1]), conv_bn_relu(chs[-1], chs[-1]))
        self.ups = nn.ModuleList([Up(chs[i + 1], chs[i]) for i in reversed(range(depth))])
        self.head = nn.Conv2d(base, n_classes, 1)

    def forward(self, x):
        skips = []
        for d in self.downs:
            x, s = d(x)
            skips.append(s)
        x = self.bottleneck(x)
        for up, s in zip(self.ups, reversed(skips)):
            x = up(x, s)
        return self.head(x)
