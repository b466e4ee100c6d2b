import argparse

import torch
import torch.nn as nn
import torchvision
import torchvision.transforms as tt
from torch.utils.data import DataLoader

from engine import evaluate, train_one_epoch
from model import ResNet9

STATS = ((0.4914, 0.4822, 0.4465), (0.2023, 0.1994, 0.2010))


def get_loaders(root, batch_size, workers):
    train_tfms = tt.Compose([
        tt.RandomCrop(32, padding=4, padding_mode="reflect"),
        tt.RandomHorizontalFlip(),
        tt.ToTensor(),
        tt.Normalize(*STATS, inplace=True),
    ])
    valid_tfms = tt.Compose([tt.ToTensor(), tt.Normalize(*STATS)])
    train_ds = torchvision.datasets.CIFAR10(root, train=True, download=True, transform=train_tfms)
    valid_ds = torchvision.datasets.CIFAR10(root, train=False, download=True, transform=valid_tfms)
    train_dl = DataLoader(train_ds, batch_size, shuffle=True, num_workers=workers, pin_memory=True)
    valid_dl = DataLoader(valid_ds, batch_size * 2, num_workers=workers, pin_memory=True)
    return train_dl, valid_dl


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", default="./data")
    parser.add_argument("--epochs", type=int, default=24)
    parser.add_argument("--batch-size", type=int, default=400)
    parser.add_argument("--max-lr", type=float, default=0.01)
    parser.add_argument("--weight-decay", type=float, default=1e-4)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_dl, valid_dl = get_loaders(args.root, args.batch_size, args.workers)

    model = ResNet9().to(device)
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=args.max_lr, weight_decay=args.weight_decay)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=args.max_lr, epochs=args.epochs, steps_per_epoch=len(train_dl))

    history = []
    for epoch in range(args.epochs):
        train_stats = train_one_epoch(model, train_dl, optimizer, scheduler, loss_fn, device)
        val_stats = evaluate(model, valid_dl, loss_fn, device)
        history.append({**{f"train_{k}": v for k, v in train_stats.items()},
                        **{f"val_{k}": v for k, v in val_stats.items()}})
        print(f"Epoch [{epoch}], last_lr: {train_stats['lr_last']:.5f}, "
              f"train_loss: {train_stats['loss']:.4f}, val_loss: {val_stats['loss']:.4f}, "
              f"val_acc: {val_stats['acc']:.4f} ({train_stats['time']:.1f}s)")
    torch.save(model.state_dict(), "resnet9_cifar10.pth")


if __name__ == "__main__":
    main()
