import argparse
import os

import numpy as np
import pandas as pd
import torch
import torch.nn as nn
import torchvision
from sklearn.model_selection import StratifiedKFold
from torch.utils.data import DataLoader
from tqdm import tqdm

from datasets import LeafDataset


def build_model(n_classes):
    model = torchvision.models.resnet50(weights=torchvision.models.ResNet50_Weights.DEFAULT)
    model.fc = nn.Linear(model.fc.in_features, n_classes)
    return model


def train_fold(fold, train_df, valid_df, args, device):
    train_ds = LeafDataset(train_df, args.img_dir, args.img_size, train=True)
    valid_ds = LeafDataset(valid_df, args.img_dir, args.img_size, train=False)
    train_loader = DataLoader(train_ds, batch_size=args.bs, shuffle=True,
                              num_workers=args.workers, drop_last=True, pin_memory=True)
    valid_loader = DataLoader(valid_ds, batch_size=args.bs * 2, shuffle=False,
                              num_workers=args.workers, pin_memory=True)

    model = build_model(5).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(optimizer, T_0=args.epochs)
    criterion = nn.CrossEntropyLoss()
    scaler = torch.cuda.amp.GradScaler()

    best_acc = 0.0
    for epoch in range(args.epochs):
        model.train()
        pbar = tqdm(train_loader, desc=f"fold {fold} ep {epoch}")
        for images, labels in pbar:
            images = images.to(device, non_blocking=True)
            labels = labels.to(device, non_blocking=True)
            optimizer.zero_grad()
            with torch.cuda.amp.autocast():
                loss = criterion(model(images), labels)  # <- TL013
            scaler.scale(loss).backward()
            scaler.step(optimizer)
            scaler.update()
            pbar.set_postfix(loss=f"{loss.item():.4f}")
        scheduler.step()

        model.eval()
        preds = []
        with torch.no_grad():
            for images, _ in valid_loader:
                preds.append(model(images.to(device)).argmax(1).cpu().numpy())
        acc = (np.concatenate(preds) == valid_df["label"].values).mean()
        print(f"fold {fold} epoch {epoch} valid acc {acc:.4f}")
        if acc > best_acc:
            best_acc = acc
            torch.save(model.state_dict(), os.path.join(args.out, f"resnet50_fold{fold}.pth"))
    return best_acc


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--csv", default="input/train.csv")
    ap.add_argument("--img-dir", default="input/train_images")
    ap.add_argument("--img-size", type=int, default=384)
    ap.add_argument("--bs", type=int, default=32)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--out", default="weights")
    args = ap.parse_args()

    os.makedirs(args.out, exist_ok=True)
    device = torch.device("cuda")
    df = pd.read_csv(args.csv)
    skf = StratifiedKFold(n_splits=args.folds, shuffle=True, random_state=2020)
    scores = []
    for fold, (tr_idx, va_idx) in enumerate(skf.split(df, df["label"])):
        scores.append(train_fold(fold, df.iloc[tr_idx].reset_index(drop=True),
                                 df.iloc[va_idx].reset_index(drop=True), args, device))
    print("CV accuracy:", np.mean(scores))


if __name__ == "__main__":
    main()
