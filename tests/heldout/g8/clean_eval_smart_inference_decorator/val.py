import numpy as np
import torch
import torch.nn.functional as F

from utils import smart_inference_mode


@smart_inference_mode()
def run(model, dataloader, device, num_classes=40, criterion=None):
    """Overall accuracy, mean class accuracy and (optionally) mean loss on a split."""
    training = model.training
    model.eval()
    per_class_correct = np.zeros(num_classes)
    per_class_total = np.zeros(num_classes)
    loss_sum, seen = 0.0, 0
    for points, labels in dataloader:
        points = points.to(device).transpose(2, 1)
        labels = labels.to(device)
        logits, _ = model(points)
        if criterion is not None:
            loss_sum += criterion(logits, labels).item() * labels.size(0)
        pred = logits.argmax(dim=1)
        for c in range(num_classes):
            mask = labels == c
            per_class_total[c] += mask.sum().item()
            per_class_correct[c] += (pred[mask] == c).sum().item()
        seen += labels.size(0)
    model.train(training)
    oa = per_class_correct.sum() / max(per_class_total.sum(), 1)
    macc = np.mean(per_class_correct[per_class_total > 0] / per_class_total[per_class_total > 0])
    return {"oa": float(oa), "macc": float(macc), "loss": loss_sum / max(seen, 1)}


def feature_transform_regularizer(trans):
    d = trans.size(1)
    eye = torch.eye(d, device=trans.device)[None]
    return torch.mean(torch.norm(torch.bmm(trans, trans.transpose(2, 1)) - eye, dim=(1, 2)))


def pointnet_loss(logits, labels, trans_feat, reg_weight=0.001, smoothing=0.2):
    loss = F.cross_entropy(logits, labels, label_smoothing=smoothing)
    if trans_feat is not None:
        loss = loss + reg_weight * feature_transform_regularizer(trans_feat)
    return loss
