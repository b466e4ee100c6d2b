"""Fine-tune a small CNN on a histology patch dataset stored as an ImageFolder."""
import argparse

import numpy as np
import torch
import torch.nn as nn
import torchvision
from sklearn.model_selection import train_test_split
from torch.utils.data import DataLoader, Subset
from torchvision import datasets, transforms

from utils import AverageMeter, accuracy, compute_mean_std, seed_everything


def get_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", default="data/patches")
    parser.add_argument("--img-size", type=int, default=96)
    parser.add_argument("--epochs", type=int, default=25)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--lr", type=float, default=0.05)
    parser.add_argument("--val-size", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=0)
    return parser.parse_args()


def main():
    args = get_args()
    seed_everything(args.seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

    base_tf = transforms.Compose([transforms.Resize(args.img_size), transforms.ToTensor()])
    stats_ds = datasets.ImageFolder(args.data_dir, transform=base_tf)
    mean, std = compute_mean_std(stats_ds)  # EXPECT: TL005
    print("channel mean", mean, "std", std)

    train_tf = transforms.Compose([
        transforms.RandomResizedCrop(args.img_size, scale=(0.7, 1.0)),
        transforms.RandomHorizontalFlip(),
        transforms.RandomVerticalFlip(),
        transforms.ColorJitter(0.1, 0.1, 0.05),
        transforms.ToTensor(),
        transforms.Normalize(mean, std),
    ])
    eval_tf = transforms.Compose([
        transforms.Resize(args.img_size),
        transforms.ToTensor(),
        transforms.Normalize(mean, std),
    ])
    train_full = datasets.ImageFolder(args.data_dir, transform=train_tf)
    eval_full = datasets.ImageFolder(args.data_dir, transform=eval_tf)

    idx = np.arange(len(train_full))
    train_idx, val_idx = train_test_split(idx, test_size=args.val_size,
                                          stratify=train_full.targets, random_state=args.seed)
    train_loader = DataLoader(Subset(train_full, train_idx), batch_size=args.batch_size,
                              shuffle=True, num_workers=8, pin_memory=True, drop_last=True)
    val_loader = DataLoader(Subset(eval_full, val_idx), batch_size=256, num_workers=8)

    net = torchvision.models.resnet18(num_classes=len(train_full.classes)).to(device)
    opt = torch.optim.SGD(net.parameters(), lr=args.lr, momentum=0.9, weight_decay=5e-4)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=args.epochs * len(train_loader))
    crit = nn.CrossEntropyLoss(label_smoothing=0.1)

    for epoch in range(args.epochs):
        net.train()
        loss_m, acc_m = AverageMeter(), AverageMeter()
        for images, targets in train_loader:
            images, targets = images.to(device, non_blocking=True), targets.to(device, non_blocking=True)
            out = net(images)
            loss = crit(out, targets)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            loss_m.update(loss.item(), images.size(0))
            acc_m.update(accuracy(out, targets), images.size(0))

        net.eval()
        val_acc = AverageMeter()
        with torch.no_grad():
            for images, targets in val_loader:
                out = net(images.to(device))
                val_acc.update(accuracy(out, targets.to(device)), images.size(0))
        print(f"epoch {epoch + 1}/{args.epochs} loss {loss_m.avg:.4f} "
              f"train_acc {acc_m.avg:.4f} val_acc {val_acc.avg:.4f}")

    torch.save({"model": net.state_dict(), "mean": mean, "std": std}, "resnet18_patches.pt")


if __name__ == "__main__":
    main()
