import numpy as np
import torch
from sklearn.metrics import accuracy_score, roc_auc_score
from torch.cuda.amp import GradScaler, autocast
from tqdm import tqdm


def train_one_epoch(model, loader, criterion, optimizer, scheduler, device, scaler: GradScaler, accum=2):
    model.train()
    running = 0.0
    optimizer.zero_grad()
    bar = tqdm(loader, total=len(loader))
    for i, (images, labels) in enumerate(bar):
        images, labels = images.to(device), labels.to(device)
        with autocast():
            logits = model(images)
            loss = criterion(logits, labels) / accum
        scaler.scale(loss).backward()
        if (i + 1) % accum == 0 or (i + 1) == len(loader):
            scaler.step(optimizer)
            scaler.update()
            optimizer.zero_grad()
            scheduler.step()
        running += loss.item() * accum
        bar.set_description(f"loss {running / (i + 1):.4f}")
    return running / len(loader)


@torch.no_grad()
def validate(prob_model, loader, device, num_classes):
    prob_model.eval()
    all_probs, all_labels = [], []
    for images, labels in loader:
        probs = prob_model(images.to(device))
        all_probs.append(probs.float().cpu().numpy())
        all_labels.append(labels.numpy())
    probs = np.concatenate(all_probs)
    labels = np.concatenate(all_labels)
    acc = accuracy_score(labels, probs.argmax(1))
    onehot = np.eye(num_classes)[labels]
    auc = roc_auc_score(onehot, probs, average="macro")
    return acc, auc
