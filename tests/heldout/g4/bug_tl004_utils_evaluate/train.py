import argparse
import time

import torch
import torch.nn as nn
from torch.utils.data import DataLoader
from torchvision import datasets, models, transforms

from utils import AverageMeter, accuracy, evaluate, save_checkpoint, set_seed


def build_loaders(root, bs, workers):
    normalize = transforms.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225])
    train_ds = datasets.ImageFolder(
        f"{root}/train",
        transforms.Compose([
            transforms.RandomResizedCrop(224),
            transforms.RandomHorizontalFlip(),
            transforms.ToTensor(),
            normalize,
        ]))
    val_ds = datasets.ImageFolder(
        f"{root}/val",
        transforms.Compose([
            transforms.Resize(256),
            transforms.CenterCrop(224),
            transforms.ToTensor(),
            normalize,
        ]))
    train_loader = DataLoader(train_ds, batch_size=bs, shuffle=True, num_workers=workers, pin_memory=True)
    val_loader = DataLoader(val_ds, batch_size=bs, shuffle=False, num_workers=workers, pin_memory=True)
    return train_loader, val_loader, len(train_ds.classes)


def train_one_epoch(model, loader, criterion, optimizer, device, epoch, print_freq=100):
    model.train()
    losses, top1 = AverageMeter("loss"), AverageMeter("top1")
    end = time.time()
    for i, (images, target) in enumerate(loader):
        images, target = images.to(device), target.to(device)
        output = model(images)
        loss = criterion(output, target)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        (acc1,) = accuracy(output, target)
        losses.update(loss.item(), images.size(0))
        top1.update(acc1, images.size(0))
        if i % print_freq == 0:
            print(f"Epoch [{epoch}][{i}/{len(loader)}] loss {losses.avg:.4f} acc@1 {top1.avg:.2f} "
                  f"({time.time() - end:.1f}s)")
    return losses.avg, top1.avg


def main():
    parser = argparse.ArgumentParser(description="Fine-tune ResNet on an ImageFolder dataset")
    parser.add_argument("data")
    parser.add_argument("--arch", default="resnet50")
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("-b", "--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("-j", "--workers", type=int, default=8)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", default="output")
    args = parser.parse_args()

    set_seed(args.seed)
    device = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")
    train_loader, val_loader, num_classes = build_loaders(args.data, args.batch_size, args.workers)

    model = models.__dict__[args.arch](weights="DEFAULT")
    model.fc = nn.Linear(model.fc.in_features, num_classes)
    model = model.to(device)

    criterion = nn.CrossEntropyLoss().to(device)
    optimizer = torch.optim.SGD(model.parameters(), args.lr, momentum=0.9, weight_decay=1e-4)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=7, gamma=0.1)

    best_acc1 = 0.0
    for epoch in range(args.epochs):
        train_loss, train_acc = train_one_epoch(model, train_loader, criterion, optimizer, device, epoch)
        val_loss, acc1, acc5 = evaluate(model, val_loader, criterion, device)
        scheduler.step()
        print(f" * epoch {epoch} train_loss {train_loss:.4f} val_loss {val_loss:.4f} "
              f"Acc@1 {acc1:.3f} Acc@5 {acc5:.3f}")
        is_best = acc1 > best_acc1
        best_acc1 = max(acc1, best_acc1)
        save_checkpoint({"epoch": epoch + 1, "arch": args.arch, "state_dict": model.state_dict(),
                         "best_acc1": best_acc1, "optimizer": optimizer.state_dict()},
                        is_best, args.out)


if __name__ == "__main__":
    main()
