import numpy as np
import torch
from sklearn.metrics import roc_auc_score


def train_one_epoch(model, loader, criterion, optimizer, device, accum_steps=1):
    model.train()
    optimizer.zero_grad()
    running = 0.0
    for step, (x, y) in enumerate(loader):
        x, y = x.to(device), y.to(device)
        logits = model(x)
        loss = criterion(logits, y)
        (loss / accum_steps).backward()
        if (step + 1) % accum_steps == 0:
            optimizer.step()
            optimizer.zero_grad()
        running += loss.item()
    return running / len(loader)


@torch.no_grad()
def mean_column_auc(model, loader, device):
    model.eval()
    scores, labels = [], []
    for x, y in loader:
        scores.append(torch.sigmoid(model(x.to(device))).cpu().numpy())
        labels.append(y.numpy())
    scores, labels = np.concatenate(scores), np.concatenate(labels)
    aucs = [roc_auc_score(labels[:, j], scores[:, j]) for j in range(labels.shape[1])
            if 0 < labels[:, j].sum() < len(labels)]
    return float(np.mean(aucs))
