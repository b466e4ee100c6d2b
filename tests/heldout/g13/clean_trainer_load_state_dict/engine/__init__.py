from .trainer import SegTrainer

__all__ = ["SegTrainer"]
