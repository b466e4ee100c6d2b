import argparse
import time

import torch
import torch.nn as nn
import torchvision
import torchvision.transforms as T
from torch.utils.data import DataLoader

from models import ResNet9, count_parameters

CIFAR_MEAN = (0.4914, 0.4822, 0.4465)
CIFAR_STD = (0.2470, 0.2435, 0.2616)


def get_loaders(root, batch_size, workers):
    train_tf = T.Compose([
        T.RandomCrop(32, padding=4, padding_mode="reflect"),
        T.RandomHorizontalFlip(),
        T.ToTensor(),
        T.Normalize(CIFAR_MEAN, CIFAR_STD),
    ])
    test_tf = T.Compose([T.ToTensor(), T.Normalize(CIFAR_MEAN, CIFAR_STD)])
    train_ds = torchvision.datasets.CIFAR10(root, train=True, download=True, transform=train_tf)
    test_ds = torchvision.datasets.CIFAR10(root, train=False, download=True, transform=test_tf)
    train_dl = DataLoader(train_ds, batch_size, shuffle=True, num_workers=workers, pin_memory=True)
    test_dl = DataLoader(test_ds, batch_size * 2, num_workers=workers, pin_memory=True)
    return train_dl, test_dl


@torch.no_grad()
def evaluate(model, loader, criterion, device):
    model.eval()
    total_loss, correct, seen = 0.0, 0, 0
    for images, labels in loader:
        images, labels = images.to(device), labels.to(device)
        out = model(images)
        total_loss += criterion(out, labels).item() * labels.size(0)  # <- TL003
        correct += (out.argmax(dim=1) == labels).sum().item()
        seen += labels.size(0)
    return total_loss / seen, correct / seen


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="./data")
    parser.add_argument("--epochs", type=int, default=24)
    parser.add_argument("--batch-size", type=int, default=400)
    parser.add_argument("--max-lr", type=float, default=0.01)
    parser.add_argument("--weight-decay", type=float, default=1e-4)
    parser.add_argument("--grad-clip", type=float, default=0.1)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_dl, test_dl = get_loaders(args.data, args.batch_size, args.workers)

    model = ResNet9(num_classes=10).to(device)
    print(f"ResNet9: {count_parameters(model) / 1e6:.2f}M params")

    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=args.max_lr, weight_decay=args.weight_decay)
    sched = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, args.max_lr, epochs=args.epochs, steps_per_epoch=len(train_dl)
    )

    for epoch in range(args.epochs):
        model.train()
        start = time.time()
        running = 0.0
        for images, labels in train_dl:
            images, labels = images.to(device, non_blocking=True), labels.to(device, non_blocking=True)
            outputs = model(images)
            loss = criterion(outputs, labels)  # <- TL003
            optimizer.zero_grad()
            loss.backward()
            if args.grad_clip:
                nn.utils.clip_grad_value_(model.parameters(), args.grad_clip)
            optimizer.step()
            sched.step()
            running += loss.item()
        val_loss, val_acc = evaluate(model, test_dl, criterion, device)
        print(
            f"epoch {epoch + 1:02d} | train_loss {running / len(train_dl):.4f} | "
            f"val_loss {val_loss:.4f} | val_acc {val_acc:.4f} | {time.time() - start:.1f}s"
        )

    torch.save(model.state_dict(), "resnet9_cifar10.pt")


if __name__ == "__main__":
    main()
