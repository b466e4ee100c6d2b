import numpy as np
import torch
import torch.nn.functional as F
from sklearn.metrics import roc_auc_score


@torch.no_grad()
def predict(models, images, device):
    """Average class probabilities [N, C] of an ensemble of fold models."""
    images = images.to(device)
    probs = None
    for m in models:
        m.eval()
        p = F.softmax(m(images), dim=1)
        probs = p if probs is None else probs + p
    return probs / len(models)


@torch.no_grad()
def collect(models, loader, device):
    ps, ys = [], []
    for images, labels in loader:
        ps.append(predict(models, images, device).cpu())
        ys.append(labels)
    return torch.cat(ps).numpy(), torch.cat(ys).numpy()


def macro_auc(probs, labels):
    n_classes = probs.shape[1]
    onehot = np.eye(n_classes)[labels]
    present = onehot.sum(0) > 0
    return roc_auc_score(onehot[:, present], probs[:, present], average="macro")
