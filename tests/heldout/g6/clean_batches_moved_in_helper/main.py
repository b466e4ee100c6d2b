import argparse
import os

import torch
import torch.nn as nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

from engine import evaluate, train_one_epoch
from models import VGGish


def get_loaders(root, batch_size):
    mean, std = (0.3403, 0.3121, 0.3214), (0.2724, 0.2608, 0.2669)
    train_tf = transforms.Compose([
        transforms.Resize((48, 48)),
        transforms.RandomAffine(degrees=10, translate=(0.1, 0.1), scale=(0.9, 1.1)),
        transforms.ColorJitter(brightness=0.3, contrast=0.3),
        transforms.ToTensor(),
        transforms.Normalize(mean, std),
    ])
    test_tf = transforms.Compose([
        transforms.Resize((48, 48)),
        transforms.ToTensor(),
        transforms.Normalize(mean, std),
    ])
    train_set = datasets.GTSRB(root, split="train", transform=train_tf, download=True)
    test_set = datasets.GTSRB(root, split="test", transform=test_tf, download=True)
    return (DataLoader(train_set, batch_size=batch_size, shuffle=True, num_workers=4,
                       pin_memory=True),
            DataLoader(test_set, batch_size=512, num_workers=4, pin_memory=True))


def main():
    ap = argparse.ArgumentParser(description="GTSRB traffic sign classifier")
    ap.add_argument("--root", default="./data")
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--batch-size", type=int, default=128)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--out", default="checkpoints")
    args = ap.parse_args()

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_loader, test_loader = get_loaders(args.root, args.batch_size)

    model = VGGish().to(device)
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=5e-4)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=args.lr,
                                                    epochs=args.epochs,
                                                    steps_per_epoch=len(train_loader))
    os.makedirs(args.out, exist_ok=True)
    best = 0.0
    for epoch in range(1, args.epochs + 1):
        print(f"epoch {epoch}")
        train_one_epoch(model, train_loader, criterion, optimizer, device, scheduler)
        test_loss, test_acc = evaluate(model, test_loader, criterion, device)
        print(f"  test loss {test_loss:.4f}  test acc {test_acc:.4f}")
        if test_acc > best:
            best = test_acc
            torch.save(model.state_dict(), os.path.join(args.out, "gtsrb_best.pt"))


if __name__ == "__main__":
    main()
