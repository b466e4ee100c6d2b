import numpy as np
import torch
import torch.nn.functional as F
from tqdm import tqdm


def random_point_dropout(points, max_ratio=0.875):
    ratio = np.random.random() * max_ratio
    drop_idx = torch.rand(points.shape[0], points.shape[2], device=points.device) <= ratio
    points = points.clone()
    first = points[:, :, :1].expand_as(points)
    points[drop_idx.unsqueeze(1).expand_as(points)] = first[drop_idx.unsqueeze(1).expand_as(points)]
    return points


def train_one_epoch(model, loader, optimizer, device, epoch, smoothing=0.2):
    model.train()
    losses, correct, seen = [], 0, 0
    for points, target in tqdm(loader, desc=f"train ep{epoch}", leave=False):
        points = random_point_dropout(points.to(device).transpose(2, 1))
        target = target.to(device).long()
        optimizer.zero_grad()
        pred = model(points)
        loss = F.cross_entropy(pred, target, label_smoothing=smoothing)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        correct += (pred.argmax(1) == target).sum().item()
        seen += target.numel()
    return float(np.mean(losses)), correct / seen


@torch.no_grad()
def evaluate(model, loader, device, num_classes=40):
    model.eval()
    class_correct = np.zeros(num_classes)
    class_total = np.zeros(num_classes)
    for points, target in loader:
        points = points.to(device).transpose(2, 1)
        target = target.to(device).long()
        pred = model(points).argmax(1)
        for c in target.unique().tolist():
            mask = target == c
            class_correct[c] += (pred[mask] == c).sum().item()
            class_total[c] += mask.sum().item()
    inst_acc = class_correct.sum() / class_total.sum()
    class_acc = np.mean(class_correct[class_total > 0] / class_total[class_total > 0])
    return inst_acc, class_acc
