import torch
import torch.nn as nn

from models import LogProbabilityNet, ScoreNet
from trainer import LogSoftmaxTrainer, Trainer

model = ScoreNet(20, 5)
optimizer = torch.optim.Adam(model.parameters())
trainer = Trainer(model, nn.NLLLoss(), optimizer)  # <- TL008
trainer.train_epoch(train_loader)

log_model = LogProbabilityNet(20, 5)
log_optimizer = torch.optim.Adam(log_model.parameters())
Trainer(log_model, nn.NLLLoss(), log_optimizer).train_epoch(train_loader)

scores_model = ScoreNet(20, 5)
LogSoftmaxTrainer(scores_model, torch.optim.Adam(scores_model.parameters())).train_epoch(train_loader)
