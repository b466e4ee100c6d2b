import torch
import torch.nn as nn


class SEBlock(nn.Module):
    def __init__(self, ch, r=8):
        super().__init__()
        self.fc = nn.Sequential(
            nn.Linear(ch, ch // r), nn.ReLU(inplace=True), nn.Linear(ch // r, ch), nn.Sigmoid()
        )

    def forward(self, x):
        w = self.fc(x.mean(dim=-1))
        return x * w.unsqueeze(-1)


class ResBlock1d(nn.Module):
    def __init__(self, in_ch, out_ch, stride, p_drop):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv1d(in_ch, out_ch, 7, stride=stride, padding=3, bias=False),
            nn.BatchNorm1d(out_ch),
            nn.ReLU(inplace=True),
            nn.Dropout(p_drop),
            nn.Conv1d(out_ch, out_ch, 7, padding=3, bias=False),
            nn.BatchNorm1d(out_ch),
            SEBlock(out_ch),
        )
        self.skip = nn.Identity() if (in_ch == out_ch and stride == 1) else nn.Sequential(
            nn.Conv1d(in_ch, out_ch, 1, stride=stride, bias=False), nn.BatchNorm1d(out_ch)
        )
        self.act = nn.ReLU(inplace=True)

    def forward(self, x):
        return self.act(self.body(x) + self.skip(x))


class ECGNet(nn.Module):
    def __init__(self, leads=12, n_classes=5, widths=(64, 128, 192, 256), p_drop=0.2):
        super().__init__()
        self.stem = nn.Sequential(
            nn.Conv1d(leads, widths[0], 15, stride=2, padding=7, bias=False),
            nn.BatchNorm1d(widths[0]),
            nn.ReLU(inplace=True),
        )
        layers, prev = [], widths[0]
        for w in widths:
            layers.append(ResBlock1d(prev, w, stride=2, p_drop=p_drop))
            prev = w
        self.layers = nn.Sequential(*layers)
        self.head = nn.Sequential(nn.Dropout(0.5), nn.Linear(prev, n_classes))

    def forward(self, x):
        x = self.layers(self.stem(x))
        return self.head(torch.flatten(nn.functional.adaptive_avg_pool1d(x, 1), 1))
