import argparse
import logging

import torch
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

from engine import Engine
from networks import WideResNet

CIFAR100_MEAN = (0.5071, 0.4865, 0.4409)
CIFAR100_STD = (0.2673, 0.2564, 0.2762)


def get_loaders(root, batch_size, workers):
    train_tf = transforms.Compose([
        transforms.RandomCrop(32, padding=4, padding_mode="reflect"),
        transforms.RandomHorizontalFlip(),
        transforms.ToTensor(),
        transforms.Normalize(CIFAR100_MEAN, CIFAR100_STD),
    ])
    test_tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize(CIFAR100_MEAN, CIFAR100_STD)])
    train = datasets.CIFAR100(root, train=True, download=True, transform=train_tf)
    test = datasets.CIFAR100(root, train=False, download=True, transform=test_tf)
    return (
        DataLoader(train, batch_size=batch_size, shuffle=True, num_workers=workers, pin_memory=True, drop_last=True),
        DataLoader(test, batch_size=512, shuffle=False, num_workers=workers, pin_memory=True),
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", default="./data")
    parser.add_argument("--depth", type=int, default=28)
    parser.add_argument("--widen", type=int, default=10)
    parser.add_argument("--epochs", type=int, default=200)
    parser.add_argument("--bs", type=int, default=128)
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--wd", type=float, default=5e-4)
    parser.add_argument("--smoothing", type=float, default=0.0)
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args()

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    device = torch.device("cuda")
    train_loader, test_loader = get_loaders(args.root, args.bs, args.workers)

    net = WideResNet(depth=args.depth, widen_factor=args.widen, num_classes=100)
    opt = torch.optim.SGD(net.parameters(), lr=args.lr, momentum=0.9, weight_decay=args.wd, nesterov=True)
    engine = Engine(net, opt, device, args.epochs, label_smoothing=args.smoothing)
    metrics = engine.fit(train_loader, test_loader)
    logging.info("final: %s", metrics)
    torch.save(net.state_dict(), f"wrn{args.depth}-{args.widen}.pt")


if __name__ == "__main__":
    main()
