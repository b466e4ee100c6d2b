import argparse

import torch
import torch.nn as nn
import torchvision

from data import cifar10_loaders, describe
from mixup import Mixup


def train_epoch(model, loader, mixer, criterion, optimizer, scheduler, device):
    model.train()
    total = 0.0
    for images, labels in loader:
        images, labels = images.to(device), labels.to(device)
        images, soft_targets = mixer(images, labels)
        logits = model(images)
        loss = criterion(logits, soft_targets)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        scheduler.step()
        total += loss.item()
    return total / len(loader)


@torch.no_grad()
def evaluate(model, loader, device):
    model.eval()
    correct = 0
    for images, labels in loader:
        images, labels = images.to(device), labels.to(device)
        correct += (model(images).argmax(1) == labels).sum().item()
    return correct / len(loader.dataset)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default="./data")
    ap.add_argument("--epochs", type=int, default=100)
    ap.add_argument("--bs", type=int, default=128)
    ap.add_argument("--lr", type=float, default=0.1)
    args = ap.parse_args()

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_loader, test_loader, num_classes = cifar10_loaders(args.root, args.bs)
    print(describe(train_loader))

    model = torchvision.models.resnet18(num_classes=num_classes)
    model.conv1 = nn.Conv2d(3, 64, 3, 1, 1, bias=False)
    model.maxpool = nn.Identity()
    model = model.to(device)

    mixer = Mixup(num_classes)
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9, weight_decay=5e-4)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=args.lr,
                                                    epochs=args.epochs,
                                                    steps_per_epoch=len(train_loader))
    for epoch in range(args.epochs):
        loss = train_epoch(model, train_loader, mixer, criterion, optimizer, scheduler, device)
        acc = evaluate(model, test_loader, device)
        print(f"epoch {epoch:3d}  loss {loss:.4f}  test acc {acc:.4f}")
    torch.save(model.state_dict(), "resnet18_mixup.pt")


if __name__ == "__main__":
    main()
