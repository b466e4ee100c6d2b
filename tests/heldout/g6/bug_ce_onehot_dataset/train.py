import argparse
import os

import torch
import torch.nn as nn

from data import build_loaders
from engine import evaluate, train_one_epoch
from model import ActivityMLP


def parse_args():
    p = argparse.ArgumentParser(description="HAR activity classifier")
    p.add_argument("--train-csv", default="data/train.csv")
    p.add_argument("--test-csv", default="data/test.csv")
    p.add_argument("--epochs", type=int, default=40)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--weight-decay", type=float, default=1e-4)
    p.add_argument("--out", default="checkpoints")
    return p.parse_args()


def main():
    args = parse_args()
    torch.manual_seed(0)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

    train_loader, test_loader, classes, n_features = build_loaders(
        args.train_csv, args.test_csv, args.batch_size
    )
    print(f"{n_features} features, {len(classes)} classes: {classes}")

    model = ActivityMLP(n_features, len(classes)).to(device)
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=args.epochs)

    os.makedirs(args.out, exist_ok=True)
    best = 0.0
    for epoch in range(1, args.epochs + 1):
        loss = train_one_epoch(model, train_loader, criterion, optimizer, device, epoch)
        acc = evaluate(model, test_loader, device)
        scheduler.step()
        print(f"[{epoch:03d}] train loss {loss:.4f}  test acc {acc:.4f}")
        if acc > best:
            best = acc
            torch.save(model.state_dict(), os.path.join(args.out, "best.pt"))
    print(f"best test accuracy: {best:.4f}")


if __name__ == "__main__":
    main()
