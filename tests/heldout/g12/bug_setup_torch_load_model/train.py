import argparse
import json
import logging
import os
import time

import torch
import torch.nn as nn
import torchvision
import torchvision.transforms as T
from torch.utils.data import DataLoader

from builder import setup

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
logger = logging.getLogger("train")

CIFAR_MEAN = (0.4914, 0.4822, 0.4465)
CIFAR_STD = (0.2470, 0.2435, 0.2616)


def get_loaders(data_dir, batch_size, workers):
    train_tf = T.Compose([
        T.RandomCrop(32, padding=4),
        T.RandomHorizontalFlip(),
        T.ToTensor(),
        T.Normalize(CIFAR_MEAN, CIFAR_STD),
    ])
    test_tf = T.Compose([T.ToTensor(), T.Normalize(CIFAR_MEAN, CIFAR_STD)])
    train_set = torchvision.datasets.CIFAR10(data_dir, train=True, download=True, transform=train_tf)
    test_set = torchvision.datasets.CIFAR10(data_dir, train=False, download=True, transform=test_tf)
    train_loader = DataLoader(train_set, batch_size=batch_size, shuffle=True,
                              num_workers=workers, pin_memory=True, drop_last=True)
    test_loader = DataLoader(test_set, batch_size=512, shuffle=False, num_workers=workers)
    return train_loader, test_loader


@torch.no_grad()
def test(model, loader, device):
    model.eval()
    correct, total = 0, 0
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        pred = model(x).argmax(dim=1)
        correct += (pred == y).sum().item()
        total += y.numel()
    return 100.0 * correct / total


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", default="configs/resnet18_cifar.json")
    parser.add_argument("--data-dir", default="./data")
    parser.add_argument("--out", default="runs/resnet18")
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()

    with open(args.config) as f:
        cfg = json.load(f)
    os.makedirs(args.out, exist_ok=True)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

    train_loader, test_loader = get_loaders(args.data_dir, cfg["batch_size"], args.workers)
    model, optimizer, scheduler = setup(cfg, device, len(train_loader))
    criterion = nn.CrossEntropyLoss(label_smoothing=cfg.get("label_smoothing", 0.0))

    best_acc = 0.0
    for epoch in range(cfg["epochs"]):
        model.train()
        t0 = time.time()
        running = 0.0
        for i, (images, targets) in enumerate(train_loader):
            images = images.to(device, non_blocking=True)
            targets = targets.to(device, non_blocking=True)

            optimizer.zero_grad(set_to_none=True)
            loss = criterion(model(images), targets)
            loss.backward()
            optimizer.step()
            scheduler.step()

            running += loss.item()
            if (i + 1) % 100 == 0:
                logger.info("epoch %d iter %d loss %.4f lr %.5f", epoch, i + 1,
                            running / 100, scheduler.get_last_lr()[0])
                running = 0.0

        acc = test(model, test_loader, device)
        logger.info("epoch %d done in %.1fs, test acc %.2f", epoch, time.time() - t0, acc)
        if acc > best_acc:
            best_acc = acc
            torch.save(model.state_dict(), os.path.join(args.out, "best.pt"))

    logger.info("best test acc: %.2f", best_acc)


if __name__ == "__main__":
    main()
