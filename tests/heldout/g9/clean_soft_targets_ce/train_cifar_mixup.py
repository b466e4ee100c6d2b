"""CIFAR-10 ResNet-18 baseline with mixup / cutmix and label smoothing.

Soft targets are passed straight to nn.CrossEntropyLoss (needs torch >= 1.10).
"""
import argparse

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
import torchvision.transforms as T
from torch.utils.data import DataLoader

NUM_CLASSES = 10


def smooth_one_hot(labels, num_classes, smoothing):
    off = smoothing / num_classes
    targets = F.one_hot(labels, num_classes).float()
    return targets * (1.0 - smoothing) + off


def rand_bbox(h, w, lam):
    cut = np.sqrt(1.0 - lam)
    ch, cw = int(h * cut), int(w * cut)
    cy, cx = np.random.randint(h), np.random.randint(w)
    y1, y2 = np.clip(cy - ch // 2, 0, h), np.clip(cy + ch // 2, 0, h)
    x1, x2 = np.clip(cx - cw // 2, 0, w), np.clip(cx + cw // 2, 0, w)
    return y1, y2, x1, x2


def mix_batch(images, labels, alpha, cutmix_prob, smoothing):
    targets = smooth_one_hot(labels, NUM_CLASSES, smoothing)
    if alpha <= 0:
        return images, targets
    lam = np.random.beta(alpha, alpha)
    perm = torch.randperm(images.size(0), device=images.device)
    if np.random.rand() < cutmix_prob:
        y1, y2, x1, x2 = rand_bbox(images.size(2), images.size(3), lam)
        images = images.clone()
        images[:, :, y1:y2, x1:x2] = images[perm, :, y1:y2, x1:x2]
        lam = 1.0 - ((y2 - y1) * (x2 - x1) / (images.size(2) * images.size(3)))
    else:
        images = lam * images + (1.0 - lam) * images[perm]
    targets = lam * targets + (1.0 - lam) * targets[perm]
    return images, targets


def build_model():
    model = torchvision.models.resnet18(num_classes=NUM_CLASSES)
    model.conv1 = nn.Conv2d(3, 64, 3, 1, 1, bias=False)
    model.maxpool = nn.Identity()
    return model


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=200)
    p.add_argument("--bs", type=int, default=128)
    p.add_argument("--lr", type=float, default=0.1)
    p.add_argument("--alpha", type=float, default=1.0)
    p.add_argument("--cutmix-prob", type=float, default=0.5)
    p.add_argument("--smoothing", type=float, default=0.1)
    args = p.parse_args()

    device = "cuda" if torch.cuda.is_available() else "cpu"
    mean, std = (0.4914, 0.4822, 0.4465), (0.2470, 0.2435, 0.2616)
    train_tf = T.Compose([T.RandomCrop(32, padding=4), T.RandomHorizontalFlip(),
                          T.ToTensor(), T.Normalize(mean, std)])
    test_tf = T.Compose([T.ToTensor(), T.Normalize(mean, std)])
    train_set = torchvision.datasets.CIFAR10("./data", train=True, download=True, transform=train_tf)
    test_set = torchvision.datasets.CIFAR10("./data", train=False, download=True, transform=test_tf)
    train_loader = DataLoader(train_set, batch_size=args.bs, shuffle=True, num_workers=4, drop_last=True)
    test_loader = DataLoader(test_set, batch_size=256, shuffle=False, num_workers=4)

    net = build_model().to(device)
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(net.parameters(), lr=args.lr, momentum=0.9,
                                weight_decay=5e-4, nesterov=True)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=args.epochs)

    for epoch in range(args.epochs):
        net.train()
        train_loss = 0.0
        for inputs, labels in train_loader:
            inputs, labels = inputs.to(device), labels.to(device)
            inputs, soft_targets = mix_batch(inputs, labels, args.alpha, args.cutmix_prob, args.smoothing)
            optimizer.zero_grad()
            logits = net(inputs)
            loss = criterion(logits, soft_targets)
            loss.backward()
            optimizer.step()
            train_loss += loss.item()
        scheduler.step()

        net.eval()
        correct = total = 0
        test_loss = 0.0
        with torch.no_grad():
            for inputs, labels in test_loader:
                inputs, labels = inputs.to(device), labels.to(device)
                logits = net(inputs)
                test_loss += criterion(logits, labels).item()
                correct += logits.argmax(1).eq(labels).sum().item()
                total += labels.size(0)
        print(f"epoch {epoch:3d} train_loss {train_loss / len(train_loader):.3f} "
              f"test_loss {test_loss / len(test_loader):.3f} acc {100.0 * correct / total:.2f}")

    torch.save(net.state_dict(), "resnet18_cifar10_mix.pth")


if __name__ == "__main__":
    main()
