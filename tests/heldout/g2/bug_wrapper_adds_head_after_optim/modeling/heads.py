import torch.nn as nn


class MultiLabelHead(nn.Module):
    """Backbone + dropout + linear classifier for multi-label chest X-ray findings."""

    def __init__(self, backbone, in_dim, num_labels, p=0.3):
        super().__init__()
        self.backbone = backbone
        self.dropout = nn.Dropout(p)
        self.classifier = nn.Linear(in_dim, num_labels)

    def forward(self, x):
        return self.classifier(self.dropout(self.backbone(x)))
