"""CIFAR-10 baseline with a quick held-out check every few hundred steps."""
import argparse
import os
import time

import torch
import torch.nn as nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms
from tqdm import tqdm


class SmallConvNet(nn.Module):
    def __init__(self, num_classes=10, width=64):
        super().__init__()

        def block(cin, cout):
            return nn.Sequential(
                nn.Conv2d(cin, cout, 3, padding=1, bias=False),
                nn.BatchNorm2d(cout),
                nn.ReLU(inplace=True),
            )

        self.features = nn.Sequential(
            block(3, width),
            block(width, width),
            nn.MaxPool2d(2),
            block(width, width * 2),
            block(width * 2, width * 2),
            nn.MaxPool2d(2),
            block(width * 2, width * 4),
            nn.AdaptiveAvgPool2d(1),
        )
        self.head = nn.Linear(width * 4, num_classes)

    def forward(self, x):
        x = self.features(x).flatten(1)
        return self.head(x)


def get_loaders(root, batch_size, workers):
    mean, std = (0.4914, 0.4822, 0.4465), (0.2470, 0.2435, 0.2616)
    train_tf = transforms.Compose([
        transforms.RandomCrop(32, padding=4),
        transforms.RandomHorizontalFlip(),
        transforms.ToTensor(),
        transforms.Normalize(mean, std),
    ])
    test_tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize(mean, std)])
    train_set = datasets.CIFAR10(root, train=True, download=True, transform=train_tf)
    test_set = datasets.CIFAR10(root, train=False, download=True, transform=test_tf)
    train_loader = DataLoader(train_set, batch_size=batch_size, shuffle=True,
                              num_workers=workers, pin_memory=True, drop_last=True)
    test_loader = DataLoader(test_set, batch_size=512, shuffle=False,
                             num_workers=workers, pin_memory=True)
    return train_loader, test_loader


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="./data")
    p.add_argument("--epochs", type=int, default=30)
    p.add_argument("--bs", type=int, default=128)
    p.add_argument("--lr", type=float, default=0.1)
    p.add_argument("--wd", type=float, default=5e-4)
    p.add_argument("--workers", type=int, default=4)
    p.add_argument("--eval-every", type=int, default=200)
    p.add_argument("--eval-batches", type=int, default=10)
    p.add_argument("--out", default="runs/cifar_small")
    return p.parse_args()


def main():
    args = parse_args()
    os.makedirs(args.out, exist_ok=True)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

    train_loader, test_loader = get_loaders(args.data, args.bs, args.workers)
    model = SmallConvNet().to(device)
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9,
                                weight_decay=args.wd, nesterov=True)
    total_steps = args.epochs * len(train_loader)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=args.lr, total_steps=total_steps)

    global_step = 0
    best_acc = 0.0
    for epoch in range(args.epochs):
        model.train()
        t0 = time.time()
        pbar = tqdm(train_loader, desc=f"epoch {epoch + 1}/{args.epochs}")
        for images, labels in pbar:
            images = images.to(device, non_blocking=True)
            labels = labels.to(device, non_blocking=True)

            optimizer.zero_grad(set_to_none=True)
            loss = criterion(model(images), labels)
            loss.backward()
            optimizer.step()
            scheduler.step()
            global_step += 1

            if global_step % args.eval_every == 0:
                model.eval()
                correct, seen, running = 0, 0, 0.0
                for i, (tx, ty) in enumerate(test_loader):
                    if i >= args.eval_batches:
                        break
                    tx, ty = tx.to(device), ty.to(device)
                    logits = model(tx)  # EXPECT: TL004  # <- TL004
                    running += criterion(logits, ty).item() * ty.size(0)
                    correct += (logits.argmax(dim=1) == ty).sum().item()
                    seen += ty.size(0)
                model.train()
                acc = correct / max(seen, 1)
                pbar.set_postfix(loss=f"{loss.item():.3f}", test_loss=f"{running / max(seen, 1):.3f}",
                                 test_acc=f"{acc:.3f}")
                if acc > best_acc:
                    best_acc = acc
                    torch.save(model.state_dict(), os.path.join(args.out, "best.pt"))

        print(f"epoch {epoch + 1} done in {time.time() - t0:.1f}s, best quick-check acc {best_acc:.4f}")

    torch.save(model.state_dict(), os.path.join(args.out, "last.pt"))


if __name__ == "__main__":
    main()
