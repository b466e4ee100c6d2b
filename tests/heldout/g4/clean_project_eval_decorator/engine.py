import torch
import torch.nn.functional as F

from utils import evaluation_mode, timed


def dice_score(logits, target, eps=1e-6):
    probs = torch.sigmoid(logits)
    inter = (probs * target).sum(dim=(1, 2, 3))
    union = probs.sum(dim=(1, 2, 3)) + target.sum(dim=(1, 2, 3))
    return ((2 * inter + eps) / (union + eps)).mean()


def train_step(model, batch, optimizer, scaler, device):
    images, masks = batch[0].to(device), batch[1].to(device)
    optimizer.zero_grad(set_to_none=True)
    with torch.autocast(device_type="cuda", enabled=scaler.is_enabled()):
        logits = model(images)
        loss = F.binary_cross_entropy_with_logits(logits, masks) + (1 - dice_score(logits, masks))
    scaler.scale(loss).backward()
    scaler.step(optimizer)
    scaler.update()
    return loss.item()


@timed
@evaluation_mode
def evaluate(model, loader, device):
    dice_sum, bce_sum, n = 0.0, 0.0, 0
    for images, masks in loader:
        images, masks = images.to(device), masks.to(device)
        logits = model(images)
        bce_sum += F.binary_cross_entropy_with_logits(logits, masks).item() * images.size(0)
        dice_sum += dice_score(logits, masks).item() * images.size(0)
        n += images.size(0)
    return {"bce": bce_sum / n, "dice": dice_sum / n}
