import argparse

import torch
import torch.nn as nn
from torch.utils.data import DataLoader

from data import CLASSES, EuroSATRGB, compute_channel_stats
from models import TileClassifier


def run(model, loader, device, criterion, optimizer=None):
    train = optimizer is not None
    model.train(train)
    tot_loss, tot_correct, n = 0.0, 0, 0
    with torch.set_grad_enabled(train):
        for tiles, labels in loader:
            tiles, labels = tiles.to(device), labels.to(device)
            logits = model(tiles)
            loss = criterion(logits, labels)
            if train:
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
            tot_loss += loss.item() * labels.size(0)
            tot_correct += (logits.argmax(1) == labels).sum().item()
            n += labels.size(0)
    return tot_loss / n, tot_correct / n


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--root", default="EuroSAT")
    p.add_argument("--epochs", type=int, default=30)
    p.add_argument("--bs", type=int, default=128)
    p.add_argument("--lr", type=float, default=0.05)
    args = p.parse_args()

    train_ds = EuroSATRGB(args.root, f"{args.root}/train.csv", train=True)
    val_ds = EuroSATRGB(args.root, f"{args.root}/validation.csv")
    mean, std = compute_channel_stats(train_ds)
    train_loader = DataLoader(train_ds, batch_size=args.bs, shuffle=True, num_workers=6)
    val_loader = DataLoader(val_ds, batch_size=512, num_workers=6)

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model = TileClassifier(len(CLASSES), mean, std).to(device)
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9, weight_decay=1e-4)
    scheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, [15, 25], gamma=0.1)

    for epoch in range(args.epochs):
        tr_loss, tr_acc = run(model, train_loader, device, criterion, optimizer)
        va_loss, va_acc = run(model, val_loader, device, criterion)
        scheduler.step()
        print(f"{epoch:02d} train {tr_loss:.3f}/{tr_acc:.3f} val {va_loss:.3f}/{va_acc:.3f}")
    torch.save(model.state_dict(), "eurosat_resnet34.pt")


if __name__ == "__main__":
    main()
