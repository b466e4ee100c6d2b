import argparse
import os

import numpy as np
import timm
import torch
import torch.nn as nn
from sklearn.metrics import cohen_kappa_score
from torch.utils.data import DataLoader
from tqdm import tqdm

from data import RetinopathyDataset, make_folds


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--csv", default="../input/aptos2019-blindness-detection/train.csv")
    p.add_argument("--images", default="../input/aptos2019-blindness-detection/train_images")
    p.add_argument("--fold", type=int, default=0)
    p.add_argument("--model", default="efficientnet_b3")
    p.add_argument("--size", type=int, default=320)
    p.add_argument("--bs", type=int, default=24)
    p.add_argument("--epochs", type=int, default=15)
    p.add_argument("--lr", type=float, default=2e-4)
    return p.parse_args()


def main():
    args = parse()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    folds = make_folds(args.csv)
    trn_df = folds[folds.fold != args.fold]
    val_df = folds[folds.fold == args.fold]
    train_loader = DataLoader(RetinopathyDataset(trn_df, args.images, args.size, train=True),
                              batch_size=args.bs, shuffle=True, num_workers=4, drop_last=True)
    valid_loader = DataLoader(RetinopathyDataset(val_df, args.images, args.size, train=False),
                              batch_size=args.bs, shuffle=False, num_workers=4)

    model = timm.create_model(args.model, pretrained=True, num_classes=5).to(device)
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=args.epochs)
    scaler = torch.cuda.amp.GradScaler()

    best_kappa = -1.0
    for epoch in range(args.epochs):
        model.train()
        tk = tqdm(train_loader, total=len(train_loader), desc=f"Epoch {epoch + 1}")
        avg = 0.0
        for i, (images, labels) in enumerate(tk):
            images, labels = images.to(device), labels.to(device)
            optimizer.zero_grad()
            with torch.cuda.amp.autocast():
                logits = model(images)  # <- TL013
                loss = criterion(logits, labels)
            scaler.scale(loss).backward()
            scaler.step(optimizer)
            scaler.update()
            avg += (loss.item() - avg) / (i + 1)
            tk.set_postfix(loss=avg)
        scheduler.step()

        model.eval()
        preds, targets = [], []
        with torch.no_grad():
            for images, labels in valid_loader:
                logits = model(images.to(device))
                preds.append(logits.argmax(1).cpu().numpy())
                targets.append(labels.numpy())
        kappa = cohen_kappa_score(np.concatenate(targets), np.concatenate(preds), weights="quadratic")
        print(f"epoch {epoch + 1}: train_loss {avg:.4f} val_qwk {kappa:.4f}")
        if kappa > best_kappa:
            best_kappa = kappa
            torch.save(model.state_dict(), os.path.join(".", f"{args.model}_fold{args.fold}.pth"))


if __name__ == "__main__":
    main()
