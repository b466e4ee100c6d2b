"""Train a ResNet on satellite land-use tiles (EuroSAT RGB ImageFolder)."""
import argparse
import os

import numpy as np
import torch
import torch.nn as nn
import torchvision
from torch.utils.data import DataLoader, Subset
from torchvision import datasets, transforms

from utils import compute_mean_std, save_stats, seed_everything, topk_accuracy


def get_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", default="data/EuroSAT/2750")
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--val-frac", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default="outputs/eurosat")
    return parser.parse_args()


def main():
    args = get_args()
    seed_everything(args.seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

    plain = datasets.ImageFolder(args.data_dir, transform=transforms.ToTensor())
    perm = np.random.RandomState(args.seed).permutation(len(plain))
    n_val = int(args.val_frac * len(plain))
    val_idx, train_idx = perm[:n_val], perm[n_val:]

    mean, std = compute_mean_std(Subset(plain, train_idx))
    save_stats(os.path.join(args.out, "norm_stats.json"), mean, std)
    print("train-set channel mean", mean, "std", std)

    train_tf = transforms.Compose([
        transforms.RandomHorizontalFlip(),
        transforms.RandomVerticalFlip(),
        transforms.RandomRotation(90),
        transforms.ToTensor(),
        transforms.Normalize(mean, std),
    ])
    eval_tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize(mean, std)])
    train_set = Subset(datasets.ImageFolder(args.data_dir, transform=train_tf), train_idx)
    val_set = Subset(datasets.ImageFolder(args.data_dir, transform=eval_tf), val_idx)
    train_loader = DataLoader(train_set, batch_size=args.batch_size, shuffle=True,
                              num_workers=8, pin_memory=True, drop_last=True)
    val_loader = DataLoader(val_set, batch_size=512, num_workers=8)

    model = torchvision.models.resnet18(num_classes=len(plain.classes))
    model.conv1 = nn.Conv2d(3, 64, kernel_size=3, stride=1, padding=1, bias=False)
    model.maxpool = nn.Identity()
    model = model.to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9, weight_decay=5e-4, nesterov=True)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=args.lr, epochs=args.epochs,
                                                    steps_per_epoch=len(train_loader))
    criterion = nn.CrossEntropyLoss()

    for epoch in range(args.epochs):
        model.train()
        for images, labels in train_loader:
            images, labels = images.to(device, non_blocking=True), labels.to(device, non_blocking=True)
            loss = criterion(model(images), labels)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            scheduler.step()

        model.eval()
        top1 = top3 = 0.0
        with torch.no_grad():
            for images, labels in val_loader:
                a1, a3 = topk_accuracy(model(images.to(device)), labels.to(device))
                top1 += a1 * len(labels)
                top3 += a3 * len(labels)
        print(f"epoch {epoch + 1:02d} loss {loss.item():.4f} "
              f"val top1 {top1 / len(val_set):.4f} top3 {top3 / len(val_set):.4f}")

    torch.save(model.state_dict(), os.path.join(args.out, "resnet18_eurosat.pt"))


if __name__ == "__main__":
    main()
