import torch.nn as nn


class CRNN(nn.Module):
    """Conv feature extractor + BiLSTM + linear CTC head."""

    def __init__(self, num_chars, img_h=32, nc=1, nh=256, dropout=0.25):
        super().__init__()
        assert img_h % 16 == 0

        def conv(cin, cout, bn=True):
            layers = [nn.Conv2d(cin, cout, 3, 1, 1)]
            if bn:
                layers.append(nn.BatchNorm2d(cout))
            layers.append(nn.ReLU(True))
            return layers

        self.cnn = nn.Sequential(
            *conv(nc, 64, bn=False), nn.MaxPool2d(2, 2),
            *conv(64, 128, bn=False), nn.MaxPool2d(2, 2),
            *conv(128, 256), *conv(256, 256), nn.MaxPool2d((2, 1), (2, 1)),
            *conv(256, 512), *conv(512, 512), nn.MaxPool2d((2, 1), (2, 1)),
            nn.Dropout2d(dropout),
        )
        self.rnn = nn.LSTM(512 * (img_h // 16), nh, num_layers=2, bidirectional=True, dropout=dropout)
        self.fc = nn.Linear(nh * 2, num_chars + 1)  # +1 for CTC blank

    def forward(self, x):
        f = self.cnn(x)                      # B, C, H', W'
        b, c, h, w = f.size()
        f = f.view(b, c * h, w).permute(2, 0, 1)  # T, B, C*H'
        out, _ = self.rnn(f)
        return self.fc(out).log_softmax(2)   # T, B, num_chars+1
