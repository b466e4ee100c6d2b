import numpy as np
import torch
from sklearn.metrics import roc_auc_score

LABELS = [
    "Atelectasis", "Cardiomegaly", "Effusion", "Infiltration", "Mass", "Nodule", "Pneumonia",
    "Pneumothorax", "Consolidation", "Edema", "Emphysema", "Fibrosis", "Pleural_Thickening",
    "Hernia",
]


def per_label_auc(targets, scores):
    aucs = {}
    for j, name in enumerate(LABELS):
        if len(np.unique(targets[:, j])) < 2:
            continue
        aucs[name] = roc_auc_score(targets[:, j], scores[:, j])
    return aucs


@torch.no_grad()
def evaluate(model, loader, criterion, device):  # EXPECT: TL007
    all_scores, all_targets = [], []
    total_loss, n = 0.0, 0
    for images, targets in loader:
        images = images.to(device, non_blocking=True)
        targets = targets.to(device, non_blocking=True).float()
        logits = model(images)
        total_loss += criterion(logits, targets).item() * images.size(0)
        n += images.size(0)
        all_scores.append(torch.sigmoid(logits).cpu().numpy())
        all_targets.append(targets.cpu().numpy())
    scores = np.concatenate(all_scores)
    targets = np.concatenate(all_targets)
    aucs = per_label_auc(targets, scores)
    return {
        "loss": total_loss / max(n, 1),
        "mean_auc": float(np.mean(list(aucs.values()))) if aucs else float("nan"),
        "per_label": aucs,
    }
