import torch
from torch import nn

from models import LogProbabilityNet, ScoreNet, SigmoidNet
from trainer import BinaryTrainer, run_training

net = ScoreNet(20, 5)
run_training(net, nn.NLLLoss(), torch.optim.SGD(net.parameters(), 0.1), loader)  # <- TL008

log_net = LogProbabilityNet(20, 5)
run_training(log_net, nn.NLLLoss(), torch.optim.SGD(log_net.parameters(), 0.1), loader)

detector = SigmoidNet(20, 1)
trainer = BinaryTrainer(detector, torch.optim.Adam(detector.parameters()))  # <- TL003

scorer = ScoreNet(20, 1)
BinaryTrainer(scorer, torch.optim.Adam(scorer.parameters()))
