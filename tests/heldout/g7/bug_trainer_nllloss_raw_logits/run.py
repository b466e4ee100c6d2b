import argparse
import logging

import torch
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

from network import VGGish
from trainer import Trainer

MEAN, STD = (0.5071, 0.4865, 0.4409), (0.2673, 0.2564, 0.2762)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default="./data")
    ap.add_argument("--bs", type=int, default=128)
    ap.add_argument("--epochs", type=int, default=60)
    ap.add_argument("--lr", type=float, default=0.05)
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")

    train_tf = transforms.Compose([
        transforms.RandomCrop(32, padding=4),
        transforms.RandomHorizontalFlip(),
        transforms.ToTensor(),
        transforms.Normalize(MEAN, STD),
    ])
    test_tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize(MEAN, STD)])
    train_set = datasets.CIFAR100(args.root, train=True, download=True, transform=train_tf)
    test_set = datasets.CIFAR100(args.root, train=False, download=True, transform=test_tf)

    train_loader = DataLoader(train_set, batch_size=args.bs, shuffle=True, num_workers=4, pin_memory=True)
    val_loader = DataLoader(test_set, batch_size=256, num_workers=4)

    device = "cuda" if torch.cuda.is_available() else "cpu"
    trainer = Trainer(VGGish(num_classes=100), train_loader, val_loader, args.epochs, args.lr, device)  # <- TL008
    best = trainer.run()
    print(f"best top-1: {best:.4f}")


if __name__ == "__main__":
    main()
