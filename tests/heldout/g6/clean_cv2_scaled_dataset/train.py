import argparse
import os

import torch
import torch.nn as nn
import timm
from torch.utils.data import DataLoader
from tqdm import tqdm

from augment import Compose, HFlip, HSVJitter, RandomResizedCrop, Resize
from datasets import FolderDataset


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="dataset")
    ap.add_argument("--model", default="convnext_tiny")
    ap.add_argument("--size", type=int, default=224)
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--bs", type=int, default=64)
    ap.add_argument("--lr", type=float, default=2e-4)
    ap.add_argument("--accum", type=int, default=4)
    args = ap.parse_args()

    train_ds = FolderDataset(os.path.join(args.data, "train"),
                             Compose([RandomResizedCrop(args.size), HFlip(), HSVJitter()]))
    val_ds = FolderDataset(os.path.join(args.data, "val"), Resize(args.size))
    train_dl = DataLoader(train_ds, batch_size=args.bs, shuffle=True, num_workers=8,
                          pin_memory=True, drop_last=True)
    val_dl = DataLoader(val_ds, batch_size=args.bs * 2, num_workers=8)

    device = torch.device("cuda")
    model = timm.create_model(args.model, pretrained=True, num_classes=len(train_ds.classes))
    model.to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.05)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=args.epochs)
    criterion = nn.CrossEntropyLoss(label_smoothing=0.1)
    scaler = torch.cuda.amp.GradScaler()

    for epoch in range(args.epochs):
        model.train()
        optimizer.zero_grad(set_to_none=True)
        for i, (x, y) in enumerate(tqdm(train_dl, desc=f"epoch {epoch}")):
            x, y = x.to(device, non_blocking=True), y.to(device, non_blocking=True)
            with torch.autocast("cuda", dtype=torch.bfloat16):
                loss = criterion(model(x), y) / args.accum
            scaler.scale(loss).backward()
            if (i + 1) % args.accum == 0:
                scaler.step(optimizer)
                scaler.update()
                optimizer.zero_grad(set_to_none=True)
        scheduler.step()

        model.eval()
        correct = 0
        with torch.no_grad():
            for x, y in val_dl:
                x, y = x.to(device), y.to(device)
                correct += (model(x).argmax(1) == y).sum().item()
        print(f"epoch {epoch} val acc {correct / len(val_ds):.4f}")
        torch.save(model.state_dict(), f"{args.model}_last.pth")


if __name__ == "__main__":
    main()
