import time
from collections import defaultdict

import torch


class AverageMeter:
    """Running average. Accepts python numbers or (0-dim) tensors."""

    def __init__(self, fmt="{avg:.4f}"):
        self.fmt = fmt
        self.reset()

    def reset(self):
        self.val = 0.0
        self.sum = 0.0
        self.count = 0

    def update(self, val, n=1):
        if torch.is_tensor(val):
            val = val.detach().item()
        self.val = float(val)
        self.sum += self.val * n
        self.count += n

    @property
    def avg(self):
        return self.sum / max(self.count, 1)

    def __str__(self):
        return self.fmt.format(avg=self.avg, val=self.val)


class MetricLogger:
    def __init__(self, delimiter="  "):
        self.meters = defaultdict(AverageMeter)
        self.delimiter = delimiter

    def update(self, n=1, **kwargs):
        for k, v in kwargs.items():
            self.meters[k].update(v, n)

    def __getitem__(self, key):
        return self.meters[key]

    def __str__(self):
        return self.delimiter.join(f"{k}: {m}" for k, m in self.meters.items())

    def log_every(self, iterable, print_freq, header=""):
        start = time.time()
        for i, obj in enumerate(iterable):
            yield obj
            if i % print_freq == 0 or i == len(iterable) - 1:
                elapsed = time.time() - start
                print(f"{header} [{i}/{len(iterable)}] {self} ({elapsed:.0f}s)")
