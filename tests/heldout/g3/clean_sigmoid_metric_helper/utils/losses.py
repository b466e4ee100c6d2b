import torch
import torch.nn.functional as F


def soft_dice_loss(logits, target, smooth=1.0):
    probs = torch.sigmoid(logits)
    dims = (1, 2, 3)
    inter = (probs * target).sum(dims)
    denom = probs.sum(dims) + target.sum(dims)
    return 1.0 - ((2.0 * inter + smooth) / (denom + smooth)).mean()


def loss_fn(output, target, pos_weight=None, dice_weight=1.0):
    """BCE-with-logits + soft dice. `output` are raw logits (B, 1, H, W)."""
    bce = F.binary_cross_entropy_with_logits(output, target, pos_weight=pos_weight)
    return bce + dice_weight * soft_dice_loss(output, target)


def focal_loss(output, target, alpha=0.25, gamma=2.0):
    bce = F.binary_cross_entropy_with_logits(output, target, reduction="none")
    p_t = torch.exp(-bce)
    return (alpha * (1 - p_t) ** gamma * bce).mean()


def tversky_loss(output, target, alpha=0.3, beta=0.7, smooth=1.0):
    probs = torch.sigmoid(output)
    dims = (1, 2, 3)
    tp = (probs * target).sum(dims)
    fp = (probs * (1 - target)).sum(dims)
    fn = ((1 - probs) * target).sum(dims)
    return 1.0 - ((tp + smooth) / (tp + alpha * fp + beta * fn + smooth)).mean()


LOSSES = {
    "bce_dice": loss_fn,
    "focal": focal_loss,
    "tversky": tversky_loss,
}
