import numpy as np
import torch
import torch.nn.functional as F


class ConfusionMatrix:
    def __init__(self, num_classes, ignore_index=255):
        self.num_classes = num_classes
        self.ignore_index = ignore_index
        self.mat = np.zeros((num_classes, num_classes), dtype=np.int64)

    def update(self, pred, target):
        pred = pred.flatten().cpu().numpy()
        target = target.flatten().cpu().numpy()
        keep = target != self.ignore_index
        idx = self.num_classes * target[keep].astype(np.int64) + pred[keep]
        self.mat += np.bincount(idx, minlength=self.num_classes ** 2).reshape(self.num_classes, -1)

    def compute(self):
        h = self.mat.astype(np.float64)
        acc = np.diag(h).sum() / max(h.sum(), 1)
        iou = np.diag(h) / np.maximum(h.sum(0) + h.sum(1) - np.diag(h), 1)
        return {"pixel_acc": float(acc), "mIoU": float(np.nanmean(iou)), "iou": iou}


def evaluate(model, loader, device, num_classes, ignore_index=255):
    """Run the model over the full validation loader and return loss + segmentation metrics."""
    model.eval()
    cm = ConfusionMatrix(num_classes, ignore_index)
    loss_sum, n_batches = 0.0, 0
    for images, masks in loader:
        images = images.to(device, non_blocking=True)
        masks = masks.to(device, non_blocking=True).long()
        logits = model(images)  # EXPECT: TL004  # <- TL004
        if logits.shape[-2:] != masks.shape[-2:]:
            logits = F.interpolate(logits, size=masks.shape[-2:], mode="bilinear", align_corners=False)
        loss = F.cross_entropy(logits, masks, ignore_index=ignore_index)
        loss_sum += loss.item()
        n_batches += 1
        cm.update(logits.argmax(1), masks)
    metrics = cm.compute()
    metrics["loss"] = loss_sum / max(n_batches, 1)
    return metrics
