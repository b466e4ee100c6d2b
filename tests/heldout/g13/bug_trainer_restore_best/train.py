import argparse
import json
import logging
import os

import torch
import torch.nn as nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

from model import SimpleCNN
from trainer import Trainer

CIFAR_MEAN = (0.4914, 0.4822, 0.4465)
CIFAR_STD = (0.2470, 0.2435, 0.2616)


def get_args():
    p = argparse.ArgumentParser(description="CIFAR-10 baseline with plateau rollback")
    p.add_argument("--data", default="./data")
    p.add_argument("--out", default="./runs/cnn")
    p.add_argument("--epochs", type=int, default=60)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--lr", type=float, default=0.05)
    p.add_argument("--momentum", type=float, default=0.9)
    p.add_argument("--wd", type=float, default=5e-4)
    p.add_argument("--width", type=int, default=64)
    p.add_argument("--patience", type=int, default=4)
    p.add_argument("--max-rollbacks", type=int, default=3)
    p.add_argument("--workers", type=int, default=4)
    p.add_argument("--seed", type=int, default=0)
    return p.parse_args()


def get_loaders(args):
    train_tf = transforms.Compose([
        transforms.RandomCrop(32, padding=4),
        transforms.RandomHorizontalFlip(),
        transforms.ToTensor(),
        transforms.Normalize(CIFAR_MEAN, CIFAR_STD),
    ])
    test_tf = transforms.Compose([
        transforms.ToTensor(),
        transforms.Normalize(CIFAR_MEAN, CIFAR_STD),
    ])
    train_set = datasets.CIFAR10(args.data, train=True, download=True, transform=train_tf)
    test_set = datasets.CIFAR10(args.data, train=False, download=True, transform=test_tf)
    train_loader = DataLoader(train_set, batch_size=args.batch_size, shuffle=True,
                              num_workers=args.workers, pin_memory=True, drop_last=True)
    test_loader = DataLoader(test_set, batch_size=256, shuffle=False,
                             num_workers=args.workers, pin_memory=True)
    return train_loader, test_loader


def main():
    args = get_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    torch.manual_seed(args.seed)
    os.makedirs(args.out, exist_ok=True)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

    train_loader, test_loader = get_loaders(args)

    model = SimpleCNN(num_classes=10, width=args.width).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=args.momentum,
                                weight_decay=args.wd, nesterov=True)
    criterion = nn.CrossEntropyLoss(label_smoothing=0.1)

    trainer = Trainer(model, optimizer, criterion, device,
                      patience=args.patience, max_rollbacks=args.max_rollbacks, grad_clip=5.0)
    history = trainer.fit(train_loader, test_loader, args.epochs)

    torch.save(trainer.best_model.state_dict(), os.path.join(args.out, "best.pt"))
    with open(os.path.join(args.out, "history.json"), "w") as f:
        json.dump(history, f, indent=2)
    logging.info("best val acc: %.4f", trainer.best_acc)


if __name__ == "__main__":
    main()
