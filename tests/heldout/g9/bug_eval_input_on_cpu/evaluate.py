import numpy as np
import torch
from sklearn.metrics import balanced_accuracy_score, confusion_matrix


def evaluate(model, loader, criterion, class_names=None):
    model.eval()
    running_loss = 0.0
    all_preds, all_labels = [], []
    with torch.no_grad():
        for images, labels in loader:
            labels = labels.cuda(non_blocking=True)
            outputs = model(images)  # EXPECT: TL015
            running_loss += criterion(outputs, labels).item() * labels.size(0)
            all_preds.append(outputs.argmax(dim=1).cpu().numpy())
            all_labels.append(labels.cpu().numpy())

    preds = np.concatenate(all_preds)
    targets = np.concatenate(all_labels)
    result = {
        "loss": running_loss / len(targets),
        "acc": float((preds == targets).mean()),
        "balanced_acc": float(balanced_accuracy_score(targets, preds)),
    }
    if class_names is not None:
        cm = confusion_matrix(targets, preds, labels=list(range(len(class_names))))
        per_class = cm.diagonal() / np.maximum(cm.sum(axis=1), 1)
        result["per_class_recall"] = dict(zip(class_names, per_class.round(3).tolist()))
    return result
