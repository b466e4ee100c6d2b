import argparse
import logging

import torch
import torch.nn as nn
import torchvision
import torchvision.transforms as T
from torch.utils.data import DataLoader

from engine import Trainer
from models import SimpleCNN, count_parameters


def get_args():
    p = argparse.ArgumentParser(description="CIFAR-10 baseline")
    p.add_argument("--data", default="./data")
    p.add_argument("--epochs", type=int, default=30)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--lr", type=float, default=0.05)
    p.add_argument("--wd", type=float, default=5e-4)
    p.add_argument("--width", type=int, default=64)
    p.add_argument("--workers", type=int, default=4)
    return p.parse_args()


def build_loaders(args):
    mean, std = (0.4914, 0.4822, 0.4465), (0.2470, 0.2435, 0.2616)
    train_tf = T.Compose([T.RandomCrop(32, padding=4), T.RandomHorizontalFlip(), T.ToTensor(), T.Normalize(mean, std)])
    test_tf = T.Compose([T.ToTensor(), T.Normalize(mean, std)])
    train_set = torchvision.datasets.CIFAR10(args.data, train=True, download=True, transform=train_tf)
    test_set = torchvision.datasets.CIFAR10(args.data, train=False, download=True, transform=test_tf)
    train_loader = DataLoader(train_set, batch_size=args.batch_size, shuffle=True, num_workers=args.workers, pin_memory=True)
    test_loader = DataLoader(test_set, batch_size=256, shuffle=False, num_workers=args.workers)
    return train_loader, test_loader


def main():
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    args = get_args()
    device = "cuda" if torch.cuda.is_available() else "cpu"

    train_loader, test_loader = build_loaders(args)
    model = SimpleCNN(num_classes=10, width=args.width)
    logging.info("model has %d parameters", count_parameters(model))

    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9, weight_decay=args.wd, nesterov=True)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=args.epochs)

    trainer = Trainer(model, criterion, optimizer, scheduler, device=device)  # <- TL003
    best = trainer.fit(train_loader, test_loader, args.epochs)
    logging.info("best val acc: %.4f", best)


if __name__ == "__main__":
    main()
