from torch import nn
from torch.nn import functional as F


class ProbabilityHead(nn.Module):
    def __init__(self, in_features, num_classes):
        super().__init__()
        self.dropout = nn.Dropout(0.2)
        self.fc = nn.Linear(in_features, num_classes)

    def forward(self, x):
        return F.softmax(self.fc(self.dropout(x)), dim=1)
