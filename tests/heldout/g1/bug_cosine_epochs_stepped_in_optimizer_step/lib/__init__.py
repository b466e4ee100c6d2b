from .losses import NTXentLoss
from .optim import build_optimizer, build_scheduler
from .trainer import SimCLRTrainer
