import torch
import torch.nn as nn
import torch.nn.functional as F


class ScoreNet(nn.Module):
    """Raw class scores."""

    def __init__(self, features, classes):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(features, 64), nn.ReLU())
        self.head = nn.Linear(64, classes)

    def forward(self, x):
        return self.head(self.body(x))


class ProbabilityNet(ScoreNet):
    def forward(self, x):
        return F.softmax(self.head(self.body(x)), dim=1)


class LogProbabilityNet(ScoreNet):
    def forward(self, x):
        return F.log_softmax(self.head(self.body(x)), dim=1)


class SigmoidNet(ScoreNet):
    def forward(self, x):
        return torch.sigmoid(self.head(self.body(x)))
