import torch
import torch.nn.functional as F

from utils.misc import MetricLogger, optimizer_step


def dice_loss(logits, target, num_classes, eps=1.0):
    probs = logits.softmax(dim=1)
    onehot = F.one_hot(target, num_classes).permute(0, 3, 1, 2).float()
    inter = (probs * onehot).sum(dim=(0, 2, 3))
    union = probs.sum(dim=(0, 2, 3)) + onehot.sum(dim=(0, 2, 3))
    return 1.0 - ((2 * inter + eps) / (union + eps)).mean()


def train_one_epoch(model, loader, optimizer, device, epoch, num_classes, max_norm=0.0,
                    print_freq=50):
    model.train()
    logger = MetricLogger()
    header = f"Epoch: [{epoch}]"
    for images, masks in logger.log_every(loader, print_freq, header):
        images = images.to(device, non_blocking=True)
        masks = masks.to(device, non_blocking=True)
        logits = model(images)
        ce = F.cross_entropy(logits, masks, ignore_index=255)
        dl = dice_loss(logits, masks.clamp(max=num_classes - 1), num_classes)
        loss = ce + 0.5 * dl
        loss.backward()
        grad_norm = optimizer_step(optimizer, model, max_norm)  # <- TL002
        logger.update(loss=loss.item(), ce=ce.item(), dice=dl.item(), grad_norm=grad_norm)
    return {k: m.global_avg for k, m in logger.meters.items()}


@torch.no_grad()
def evaluate(model, loader, device, num_classes):
    model.eval()
    conf = torch.zeros(num_classes, num_classes, dtype=torch.long, device=device)
    for images, masks in loader:
        images, masks = images.to(device), masks.to(device)
        preds = model(images).argmax(dim=1)
        valid = masks != 255
        idx = masks[valid] * num_classes + preds[valid]
        conf += torch.bincount(idx, minlength=num_classes ** 2).view(num_classes, num_classes)
    iou = conf.diag().float() / (conf.sum(0) + conf.sum(1) - conf.diag()).clamp(min=1).float()
    return iou.mean().item()
