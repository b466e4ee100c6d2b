import argparse
import logging

import torch
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

from models import build_model
from trainer import Trainer, TrainerConfig

CIFAR_MEAN = (0.4914, 0.4822, 0.4465)
CIFAR_STD = (0.2470, 0.2435, 0.2616)


def get_loaders(root, batch_size, workers):
    train_tf = transforms.Compose([
        transforms.RandomCrop(32, padding=4),
        transforms.RandomHorizontalFlip(),
        transforms.ToTensor(),
        transforms.Normalize(CIFAR_MEAN, CIFAR_STD),
    ])
    test_tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize(CIFAR_MEAN, CIFAR_STD)])
    train_set = datasets.CIFAR10(root, train=True, download=True, transform=train_tf)
    test_set = datasets.CIFAR10(root, train=False, download=True, transform=test_tf)
    train_loader = DataLoader(train_set, batch_size=batch_size, shuffle=True,
                              num_workers=workers, pin_memory=True, drop_last=True)
    test_loader = DataLoader(test_set, batch_size=2 * batch_size, shuffle=False,
                             num_workers=workers, pin_memory=True)
    return train_loader, test_loader


def parse_args():
    p = argparse.ArgumentParser(description="CIFAR-10 training")
    p.add_argument("--data", default="./data")
    p.add_argument("--model", default="resnet_small")
    p.add_argument("--epochs", type=int, default=30)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--wd", type=float, default=0.05)
    p.add_argument("--clip", type=float, default=1.0)
    p.add_argument("--workers", type=int, default=4)
    p.add_argument("--out", default="checkpoints")
    p.add_argument("--seed", type=int, default=0)
    return p.parse_args()


def main():
    args = parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    torch.manual_seed(args.seed)
    device = "cuda" if torch.cuda.is_available() else "cpu"

    train_loader, test_loader = get_loaders(args.data, args.batch_size, args.workers)
    model = build_model(args.model, num_classes=10)
    cfg = TrainerConfig(epochs=args.epochs, lr=args.lr, weight_decay=args.wd,
                        grad_clip=args.clip, out_dir=args.out)
    trainer = Trainer(model, train_loader, test_loader, cfg, device=device)
    best = trainer.fit()
    logging.info("best val acc: %.4f", best)


if __name__ == "__main__":
    main()
