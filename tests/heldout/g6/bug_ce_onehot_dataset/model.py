import torch.nn as nn


class ActivityMLP(nn.Module):
    """Three layer MLP with batch norm, the usual HAR baseline."""

    def __init__(self, in_features, num_classes, hidden=(512, 256, 128), dropout=0.3):
        super().__init__()
        layers = []
        prev = in_features
        for width in hidden:
            layers += [
                nn.Linear(prev, width),
                nn.BatchNorm1d(width),
                nn.ReLU(inplace=True),
                nn.Dropout(dropout),
            ]
            prev = width
        self.body = nn.Sequential(*layers)
        self.classifier = nn.Linear(prev, num_classes)
        self._init_weights()

    def _init_weights(self):
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
                nn.init.zeros_(m.bias)

    def forward(self, x):
        return self.classifier(self.body(x))
