from .meters import AverageMeter, ProgressMeter, accuracy

__all__ = ["AverageMeter", "ProgressMeter", "accuracy"]
