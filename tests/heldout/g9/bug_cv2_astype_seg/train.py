import argparse
import os

import torch
import torch.nn as nn
from torch.utils.data import DataLoader
from tqdm import tqdm

from data import BuildingSegDataset, list_tiles
from models import UNet


def iou_score(logits, target, eps=1e-6):
    pred = logits.argmax(1)
    inter = ((pred == 1) & (target == 1)).sum().item()
    union = ((pred == 1) | (target == 1)).sum().item()
    return inter, union


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default="data/inria_tiles")
    ap.add_argument("--epochs", type=int, default=40)
    ap.add_argument("--batch-size", type=int, default=8)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--crop", type=int, default=512)
    ap.add_argument("--out", default="checkpoints")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    device = "cuda" if torch.cuda.is_available() else "cpu"
    train_ds = BuildingSegDataset(list_tiles(args.root, "train"), args.crop, train=True)
    val_ds = BuildingSegDataset(list_tiles(args.root, "val"), args.crop, train=False)
    train_dl = DataLoader(train_ds, batch_size=args.batch_size, shuffle=True, num_workers=6, drop_last=True)
    val_dl = DataLoader(val_ds, batch_size=args.batch_size, shuffle=False, num_workers=6)

    model = UNet(num_classes=2).to(device)
    class_weights = torch.tensor([0.3, 0.7], device=device)
    criterion = nn.CrossEntropyLoss(weight=class_weights)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    scheduler = torch.optim.lr_scheduler.PolynomialLR(optimizer, total_iters=args.epochs, power=0.9)

    best_iou = 0.0
    for epoch in range(args.epochs):
        model.train()
        bar = tqdm(train_dl, desc=f"train {epoch}")
        for image, mask in bar:
            image, mask = image.to(device), mask.to(device)
            optimizer.zero_grad()
            loss = criterion(model(image), mask)
            loss.backward()
            optimizer.step()
            bar.set_postfix(loss=f"{loss.item():.4f}")
        scheduler.step()

        model.eval()
        inter_sum, union_sum = 0, 0
        with torch.no_grad():
            for image, mask in val_dl:
                image, mask = image.to(device), mask.to(device)
                inter, union = iou_score(model(image), mask)
                inter_sum += inter
                union_sum += union
        iou = inter_sum / max(union_sum, 1)
        print(f"epoch {epoch}: building IoU {iou:.4f}")
        if iou > best_iou:
            best_iou = iou
            torch.save(model.state_dict(), os.path.join(args.out, "unet_best.pt"))


if __name__ == "__main__":
    main()
