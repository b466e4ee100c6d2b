import argparse

import torch
import torch.nn as nn
import torchvision
import torchvision.transforms as T
from torch.utils.data import DataLoader

from engine import LabelSmoothingCE, evaluate, train_one_epoch


def conv_bn(c_in, c_out, pool=False):
    layers = [nn.Conv2d(c_in, c_out, 3, padding=1, bias=False), nn.BatchNorm2d(c_out), nn.ReLU(inplace=True)]
    if pool:
        layers.append(nn.MaxPool2d(2))
    return nn.Sequential(*layers)


class Residual(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.body = nn.Sequential(conv_bn(c, c), conv_bn(c, c))

    def forward(self, x):
        return x + self.body(x)


def resnet9(num_classes=10):
    return nn.Sequential(
        conv_bn(3, 64), conv_bn(64, 128, pool=True), Residual(128),
        conv_bn(128, 256, pool=True), conv_bn(256, 512, pool=True), Residual(512),
        nn.AdaptiveMaxPool2d(1), nn.Flatten(), nn.Linear(512, num_classes, bias=False),
    )


def main():
    ap = argparse.ArgumentParser(description="ResNet-9 one-cycle CIFAR-10")
    ap.add_argument("--epochs", type=int, default=24)
    ap.add_argument("--batch-size", type=int, default=512)
    ap.add_argument("--max-lr", type=float, default=0.4)
    ap.add_argument("--wd", type=float, default=5e-4 * 512)
    ap.add_argument("--data", default="./data")
    args = ap.parse_args()

    device = torch.device("cuda")
    mean, std = (0.4914, 0.4822, 0.4465), (0.2470, 0.2435, 0.2616)
    train_tf = T.Compose([T.RandomCrop(32, padding=4, padding_mode="reflect"), T.RandomHorizontalFlip(),
                          T.ToTensor(), T.Normalize(mean, std), T.RandomErasing(p=0.5, scale=(0.02, 0.1))])
    test_tf = T.Compose([T.ToTensor(), T.Normalize(mean, std)])
    train_set = torchvision.datasets.CIFAR10(args.data, train=True, download=True, transform=train_tf)
    test_set = torchvision.datasets.CIFAR10(args.data, train=False, download=True, transform=test_tf)
    train_loader = DataLoader(train_set, batch_size=args.batch_size, shuffle=True, drop_last=True,
                              num_workers=8, pin_memory=True, persistent_workers=True)
    test_loader = DataLoader(test_set, batch_size=1024, num_workers=8, pin_memory=True)

    model = resnet9().to(device).to(memory_format=torch.channels_last)
    optimizer = torch.optim.SGD(model.parameters(), lr=args.max_lr, momentum=0.9, nesterov=True,
                                weight_decay=args.wd / args.batch_size)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=args.max_lr, total_steps=args.epochs * len(train_loader),
        pct_start=0.25, anneal_strategy="linear", div_factor=20, final_div_factor=200,
    )
    scaler = torch.cuda.amp.GradScaler(enabled=False)  # bf16 autocast does not need loss scaling
    criterion = LabelSmoothingCE(0.2)

    for epoch in range(args.epochs):
        loss, acc, secs = train_one_epoch(model, train_loader, optimizer, scheduler, criterion, scaler, device, epoch)
        test_acc = evaluate(model, test_loader, device)
        print(f"[{epoch + 1}/{args.epochs}] train loss {loss:.4f} acc {acc:.4f} | test acc {test_acc:.4f} | {secs:.1f}s")
    torch.save(model.state_dict(), "resnet9_cifar10.pt")


if __name__ == "__main__":
    main()
