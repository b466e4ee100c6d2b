import argparse
import logging

import torch
import torchvision.transforms as T
from torch.utils.data import DataLoader
from torchvision.datasets import CIFAR10

from trainer import Trainer


def get_args():
    p = argparse.ArgumentParser(description="fine-tune a small resnet on CIFAR-10")
    p.add_argument("--data", default="./data")
    p.add_argument("--arch", default="resnet-s")
    p.add_argument("--num-classes", type=int, default=10)
    p.add_argument("--pretrained", default="")
    p.add_argument("--epochs", type=int, default=30)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--lr", type=float, default=0.05)
    p.add_argument("--weight-decay", type=float, default=5e-4)
    p.add_argument("--label-smoothing", type=float, default=0.1)
    p.add_argument("--workers", type=int, default=4)
    p.add_argument("--out-dir", default="runs/cifar")
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    return p.parse_args()


def get_loaders(args):
    mean, std = (0.4914, 0.4822, 0.4465), (0.2470, 0.2435, 0.2616)
    train_tf = T.Compose([
        T.RandomCrop(32, padding=4),
        T.RandomHorizontalFlip(),
        T.ToTensor(),
        T.Normalize(mean, std),
    ])
    test_tf = T.Compose([T.ToTensor(), T.Normalize(mean, std)])
    train_set = CIFAR10(args.data, train=True, download=True, transform=train_tf)
    val_set = CIFAR10(args.data, train=False, download=True, transform=test_tf)
    train_loader = DataLoader(train_set, batch_size=args.batch_size, shuffle=True,
                              num_workers=args.workers, pin_memory=True, drop_last=True)
    val_loader = DataLoader(val_set, batch_size=256, num_workers=args.workers)
    return train_loader, val_loader


def main():
    logging.basicConfig(level=logging.INFO)
    args = get_args()
    train_loader, val_loader = get_loaders(args)
    trainer = Trainer(args, train_loader, val_loader)
    if args.pretrained:
        trainer.load_pretrained(args.pretrained)
    best = trainer.fit()
    print(f"best val acc: {best:.4f}")


if __name__ == "__main__":
    main()
