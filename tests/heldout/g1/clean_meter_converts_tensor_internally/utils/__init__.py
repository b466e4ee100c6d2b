from .meters import AverageMeter, MetricLogger

__all__ = ["AverageMeter", "MetricLogger"]
