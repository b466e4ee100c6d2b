import torch


@torch.no_grad()
def dice_score(probs, target, threshold=0.5, eps=1e-7):
    pred = (probs > threshold).float()
    inter = (pred * target).sum(dim=(1, 2, 3))
    union = pred.sum(dim=(1, 2, 3)) + target.sum(dim=(1, 2, 3))
    return ((2 * inter + eps) / (union + eps)).mean().item()


@torch.no_grad()
def iou_score(probs, target, threshold=0.5, eps=1e-7):
    pred = (probs > threshold).float()
    inter = (pred * target).sum(dim=(1, 2, 3))
    union = ((pred + target) > 0).float().sum(dim=(1, 2, 3))
    return ((inter + eps) / (union + eps)).mean().item()


class AverageMeter:
    def __init__(self):
        self.reset()

    def reset(self):
        self.sum, self.count = 0.0, 0

    def update(self, val, n=1):
        self.sum += val * n
        self.count += n

    @property
    def avg(self):
        return self.sum / max(1, self.count)


@torch.no_grad()
def precision_recall(probs, target, threshold=0.5, eps=1e-7):
    pred = (probs > threshold).float()
    tp = (pred * target).sum()
    precision = tp / (pred.sum() + eps)
    recall = tp / (target.sum() + eps)
    return precision.item(), recall.item()
