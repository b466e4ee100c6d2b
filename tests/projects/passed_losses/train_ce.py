import torch
from torch import nn

from models import ProbabilityNet, ScoreNet
from trainer import fit

probabilities = ProbabilityNet(20, 5)
fit(probabilities, nn.CrossEntropyLoss(), torch.optim.SGD(probabilities.parameters(), 0.1), loader, 10)  # <- TL003

scores = ScoreNet(20, 5)
fit(scores, nn.CrossEntropyLoss(), torch.optim.SGD(scores.parameters(), 0.1), loader, 10)
