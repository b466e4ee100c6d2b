import json
import os

import torch
import torch.nn.functional as F


def evaluate(model, loader, device, num_classes):
    """Loss / accuracy / per-class recall. Callers are responsible for the grad context."""
    model.eval()
    total_loss, n = 0.0, 0
    confusion = torch.zeros(num_classes, num_classes, dtype=torch.long)
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        logits = model(x)
        total_loss += F.cross_entropy(logits, y, reduction="sum").item()
        preds = logits.argmax(1)
        for t, p in zip(y.view(-1).cpu(), preds.view(-1).cpu()):
            confusion[t, p] += 1
        n += y.size(0)
    recall = confusion.diag().float() / confusion.sum(1).clamp(min=1).float()
    return {
        "loss": total_loss / n,
        "acc": confusion.diag().sum().item() / n,
        "mean_recall": recall.mean().item(),
    }


def dump_metrics(path, epoch, metrics):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "a") as f:
        f.write(json.dumps({"epoch": epoch, **metrics}) + "\n")
