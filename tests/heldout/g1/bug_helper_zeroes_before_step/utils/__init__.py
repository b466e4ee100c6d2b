from .optim import build_optimizer, step_optimizer
from .metrics import SegMetric

__all__ = ["build_optimizer", "step_optimizer", "SegMetric"]
