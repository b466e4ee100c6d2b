import random

import numpy as np
import pandas as pd
import timm
import torch
import torch.nn as nn
from sklearn.model_selection import StratifiedKFold
from torch.utils.data import DataLoader
from tqdm import tqdm

from config import CFG
from dataset import DogBreedDataset


def seed_all(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.cuda.manual_seed_all(seed)


def train_fn(model, loader, optimizer, scheduler, criterion, device):
    model.train()
    losses = []
    for images, targets in tqdm(loader, leave=False):
        images, targets = images.to(device), targets.to(device)
        optimizer.zero_grad()
        loss = criterion(model(images), targets)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    scheduler.step()
    return np.mean(losses)


@torch.no_grad()
def valid_fn(model, loader, criterion, device):
    model.eval()
    losses, correct, total = [], 0, 0
    for images, targets in loader:
        images, targets = images.to(device), targets.to(device)
        logits = model(images)
        losses.append(criterion(logits, targets).item())
        correct += (logits.argmax(1) == targets).sum().item()
        total += targets.size(0)
    return np.mean(losses), correct / total


def main():
    cfg = CFG()
    seed_all(cfg.seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    df = pd.read_csv(cfg.train_csv)
    cfg.breeds = sorted(df["breed"].unique())
    breed_to_idx = {b: i for i, b in enumerate(cfg.breeds)}

    skf = StratifiedKFold(n_splits=cfg.n_folds, shuffle=True, random_state=cfg.seed)
    trn_idx, val_idx = list(skf.split(df, df["breed"]))[cfg.fold]
    kw = dict(image_dir=cfg.image_dir, breed_to_idx=breed_to_idx, size=cfg.image_size,
              mean=cfg.mean, std=cfg.std)
    train_ds = DogBreedDataset(df.iloc[trn_idx], train=True, **kw)
    valid_ds = DogBreedDataset(df.iloc[val_idx], train=False, **kw)
    train_loader = DataLoader(train_ds, batch_size=cfg.batch_size, shuffle=True,
                              num_workers=cfg.num_workers, pin_memory=True, drop_last=True)
    valid_loader = DataLoader(valid_ds, batch_size=cfg.batch_size * 2, shuffle=False,
                              num_workers=cfg.num_workers, pin_memory=True)

    model = timm.create_model(cfg.model_name, pretrained=True, num_classes=len(cfg.breeds)).to(device)
    criterion = nn.CrossEntropyLoss(label_smoothing=0.1)
    optimizer = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=cfg.epochs, eta_min=cfg.min_lr)

    best = np.inf
    for epoch in range(cfg.epochs):
        tr_loss = train_fn(model, train_loader, optimizer, scheduler, criterion, device)
        va_loss, va_acc = valid_fn(model, valid_loader, criterion, device)
        print(f"Epoch {epoch + 1} - train {tr_loss:.4f}  valid {va_loss:.4f}  acc {va_acc:.4f}")
        if va_loss < best:
            best = va_loss
            torch.save(model.state_dict(), f"{cfg.model_name}_fold{cfg.fold}_best.pth")


if __name__ == "__main__":
    main()
