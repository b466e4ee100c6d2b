import math
import time
from collections import defaultdict, deque

import torch


class SmoothedValue:
    """Track a series of floats and give access to smoothed values over a window."""

    def __init__(self, window_size=20):
        self.deque = deque(maxlen=window_size)
        self.total = 0.0
        self.count = 0

    def update(self, value, n=1):
        self.deque.append(value)
        self.count += n
        self.total += value * n

    @property
    def median(self):
        d = sorted(self.deque)
        return d[len(d) // 2] if d else 0.0

    @property
    def global_avg(self):
        return self.total / max(self.count, 1)


class MetricLogger:
    def __init__(self, delimiter="  "):
        self.meters = defaultdict(SmoothedValue)
        self.delimiter = delimiter

    def update(self, **kwargs):
        for k, v in kwargs.items():
            if isinstance(v, torch.Tensor):
                v = v.item()
            self.meters[k].update(float(v))

    def __str__(self):
        return self.delimiter.join(
            f"{name}: {m.median:.4f} ({m.global_avg:.4f})" for name, m in self.meters.items()
        )

    def log_every(self, iterable, print_freq, header=""):
        start = time.time()
        for i, obj in enumerate(iterable):
            yield obj
            if i % print_freq == 0:
                elapsed = time.time() - start
                print(f"{header} [{i}/{len(iterable)}] {self}  time: {elapsed:.1f}s")


def optimizer_step(optimizer, model, max_norm=0.0):
    """Clip (optionally) and apply the update. Returns the grad norm before clipping."""
    if max_norm > 0:
        grad_norm = torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
    else:
        grad_norm = torch.sqrt(sum((p.grad.detach() ** 2).sum()
                                   for p in model.parameters() if p.grad is not None))
    optimizer.step()  # EXPECT: TL002
    return grad_norm


def cosine_lr(base_lr, epoch, epochs, warmup=2):
    if epoch < warmup:
        return base_lr * (epoch + 1) / warmup
    t = (epoch - warmup) / max(1, epochs - warmup)
    return 0.5 * base_lr * (1 + math.cos(math.pi * t))
