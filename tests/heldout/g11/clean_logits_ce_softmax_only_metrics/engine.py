import numpy as np
import torch
import torch.nn.functional as F
from sklearn.metrics import roc_auc_score
from tqdm import tqdm


def train_one_epoch(model, criterion, optimizer, loader, scaler, device, scheduler=None, max_norm=1.0):
    model.train()
    running, n = 0.0, 0
    for input_ids, labels in tqdm(loader, desc="train", leave=False):
        input_ids, labels = input_ids.to(device), labels.to(device)
        optimizer.zero_grad(set_to_none=True)
        with torch.autocast(device_type="cuda", dtype=torch.float16):
            logits = model(input_ids)
            loss = criterion(logits, labels)
        scaler.scale(loss).backward()
        scaler.unscale_(optimizer)
        torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
        scaler.step(optimizer)
        scaler.update()
        if scheduler is not None:
            scheduler.step()
        running += loss.item() * labels.size(0)
        n += labels.size(0)
    return running / n


@torch.no_grad()
def evaluate(model, criterion, loader, device, num_classes):
    model.eval()
    total_loss, n = 0.0, 0
    all_probs, all_labels = [], []
    for input_ids, labels in loader:
        input_ids, labels = input_ids.to(device), labels.to(device)
        with torch.autocast(device_type="cuda", dtype=torch.float16):
            logits = model(input_ids)
            total_loss += criterion(logits, labels).item() * labels.size(0)
        probs = F.softmax(logits.float(), dim=1)
        all_probs.append(probs.cpu().numpy())
        all_labels.append(labels.cpu().numpy())
        n += labels.size(0)
    probs = np.concatenate(all_probs)
    labels = np.concatenate(all_labels)
    acc = (probs.argmax(1) == labels).mean()
    top3 = np.mean([l in np.argsort(-p)[:3] for p, l in zip(probs, labels)]) if num_classes > 3 else 1.0
    auc = roc_auc_score(labels, probs, multi_class="ovr") if num_classes > 2 else roc_auc_score(labels, probs[:, 1])
    return {"loss": total_loss / n, "acc": float(acc), "top3": float(top3), "auc": float(auc)}
