import numpy as np
import torch
import torch.nn.functional as F


def one_hot_smooth(labels, num_classes, smoothing=0.0):
    off = smoothing / num_classes
    on = 1.0 - smoothing + off
    y = F.one_hot(labels, num_classes).float()
    return y * (on - off) + off


def rand_bbox(h, w, lam):
    cut = np.sqrt(1.0 - lam)
    ch, cw = int(h * cut), int(w * cut)
    cy, cx = np.random.randint(h), np.random.randint(w)
    y1, y2 = np.clip(cy - ch // 2, 0, h), np.clip(cy + ch // 2, 0, h)
    x1, x2 = np.clip(cx - cw // 2, 0, w), np.clip(cx + cw // 2, 0, w)
    return y1, y2, x1, x2


class Mixup:
    """Mixup / CutMix that returns mixed images and *soft* target distributions."""

    def __init__(self, num_classes, alpha=0.2, cutmix_alpha=1.0, switch_prob=0.5,
                 smoothing=0.1):
        self.num_classes = num_classes
        self.alpha = alpha
        self.cutmix_alpha = cutmix_alpha
        self.switch_prob = switch_prob
        self.smoothing = smoothing

    def __call__(self, x, y):
        targets = one_hot_smooth(y, self.num_classes, self.smoothing)
        perm = torch.randperm(x.size(0), device=x.device)
        if np.random.rand() < self.switch_prob:
            lam = np.random.beta(self.cutmix_alpha, self.cutmix_alpha)
            y1, y2, x1, x2 = rand_bbox(x.size(2), x.size(3), lam)
            x = x.clone()
            x[:, :, y1:y2, x1:x2] = x[perm, :, y1:y2, x1:x2]
            lam = 1.0 - (y2 - y1) * (x2 - x1) / (x.size(2) * x.size(3))
        else:
            lam = np.random.beta(self.alpha, self.alpha)
            x = lam * x + (1.0 - lam) * x[perm]
        targets = lam * targets + (1.0 - lam) * targets[perm]
        return x, targets
