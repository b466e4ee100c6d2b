from .meters import AverageMeter, ProgressMeter, accuracy
