from .setup import setup_training
from .loop import train_one_epoch, evaluate

__all__ = ["setup_training", "train_one_epoch", "evaluate"]
