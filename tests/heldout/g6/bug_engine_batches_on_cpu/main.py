import argparse

import torch
import torch.nn as nn
import torchvision
from torchvision import transforms

from engine import evaluate, train_one_epoch
from utils import save_checkpoint


def get_args():
    parser = argparse.ArgumentParser("CIFAR-100 ResNet training")
    parser.add_argument("--data-path", default="./data")
    parser.add_argument("--arch", default="resnet18")
    parser.add_argument("--epochs", type=int, default=200)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--wd", type=float, default=5e-4)
    parser.add_argument("--amp", action="store_true")
    parser.add_argument("--output-dir", default="runs/cifar100")
    return parser.parse_args()


def build_loaders(args):
    mean, std = (0.5071, 0.4865, 0.4409), (0.2673, 0.2564, 0.2762)
    train_tf = transforms.Compose([
        transforms.RandomCrop(32, padding=4),
        transforms.RandomHorizontalFlip(),
        transforms.ToTensor(),
        transforms.Normalize(mean, std),
    ])
    test_tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize(mean, std)])
    train_set = torchvision.datasets.CIFAR100(args.data_path, train=True, download=True,
                                              transform=train_tf)
    test_set = torchvision.datasets.CIFAR100(args.data_path, train=False, download=True,
                                             transform=test_tf)
    train_loader = torch.utils.data.DataLoader(train_set, batch_size=args.batch_size,
                                               shuffle=True, num_workers=4, pin_memory=True)
    test_loader = torch.utils.data.DataLoader(test_set, batch_size=256, shuffle=False,
                                              num_workers=4, pin_memory=True)
    return train_loader, test_loader


def main(args):
    device = torch.device("cuda")
    train_loader, test_loader = build_loaders(args)

    model = torchvision.models.__dict__[args.arch](num_classes=100)
    model.conv1 = nn.Conv2d(3, 64, kernel_size=3, stride=1, padding=1, bias=False)
    model.maxpool = nn.Identity()
    model.to(device)

    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9,
                                weight_decay=args.wd, nesterov=True)
    lr_scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=args.epochs)
    scaler = torch.cuda.amp.GradScaler() if args.amp else None

    best_acc = 0.0
    for epoch in range(args.epochs):
        train_one_epoch(model, train_loader, criterion, optimizer, epoch, scaler)  # <- TL015
        lr_scheduler.step()
        acc = evaluate(model, test_loader, criterion, device)
        is_best = acc > best_acc
        best_acc = max(acc, best_acc)
        save_checkpoint({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                         "epoch": epoch}, is_best, args.output_dir)
    print(f"best acc@1 {best_acc:.2f}")


if __name__ == "__main__":
    main(get_args())
