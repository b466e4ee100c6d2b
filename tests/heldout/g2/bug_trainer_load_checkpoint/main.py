import argparse
import logging

import torch
import torchvision
import torchvision.transforms as T
from torch.utils.data import DataLoader

from lib.resnet import resnet18
from lib.trainer import Trainer, TrainConfig


def parse():
    p = argparse.ArgumentParser(description="CIFAR-10 ResNet-18")
    p.add_argument("--data", default="./data")
    p.add_argument("--bs", type=int, default=128)
    p.add_argument("--epochs", type=int, default=200)
    p.add_argument("--lr", type=float, default=0.1)
    p.add_argument("--no-amp", action="store_true")
    p.add_argument("--resume", type=str, default=None)
    p.add_argument("--workers", type=int, default=4)
    return p.parse_args()


def main():
    logging.basicConfig(level=logging.INFO, format="%(asctime)s | %(message)s")
    args = parse()
    mean, std = (0.4914, 0.4822, 0.4465), (0.2470, 0.2435, 0.2616)
    tf_train = T.Compose([T.RandomCrop(32, padding=4), T.RandomHorizontalFlip(),
                          T.ToTensor(), T.Normalize(mean, std)])
    tf_test = T.Compose([T.ToTensor(), T.Normalize(mean, std)])
    train_set = torchvision.datasets.CIFAR10(args.data, train=True, download=True, transform=tf_train)
    test_set = torchvision.datasets.CIFAR10(args.data, train=False, download=True, transform=tf_test)
    train_loader = DataLoader(train_set, args.bs, shuffle=True, num_workers=args.workers,
                              pin_memory=True, drop_last=True)
    test_loader = DataLoader(test_set, 256, shuffle=False, num_workers=args.workers)

    cfg = TrainConfig(epochs=args.epochs, lr=args.lr, amp=not args.no_amp)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    trainer = Trainer(resnet18(10), train_loader, test_loader, cfg, device=device)
    if args.resume:
        trainer.load_checkpoint(args.resume)
    best = trainer.fit()
    print(f"best top-1: {best:.2f}")


if __name__ == "__main__":
    main()
