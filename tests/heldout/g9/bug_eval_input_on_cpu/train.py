import argparse

import torch
import torch.nn as nn
import torchvision
from torch.utils.data import DataLoader

from dataset import CLASSES, HAM10000, balanced_sampler, split_by_lesion
from evaluate import evaluate


def build_model(num_classes):
    model = torchvision.models.efficientnet_b2(weights="IMAGENET1K_V1")
    model.classifier[1] = nn.Linear(model.classifier[1].in_features, num_classes)
    return model


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--csv", default="data/HAM10000_metadata.csv")
    parser.add_argument("--images", default="data/HAM10000_images")
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=3e-4)
    args = parser.parse_args()

    train_df, val_df = split_by_lesion(args.csv)
    train_loader = DataLoader(HAM10000(train_df, args.images, train=True), batch_size=args.batch_size,
                              sampler=balanced_sampler(train_df), num_workers=8, pin_memory=True)
    val_loader = DataLoader(HAM10000(val_df, args.images, train=False), batch_size=64,
                            shuffle=False, num_workers=8, pin_memory=True)

    model = build_model(len(CLASSES))
    model.cuda()
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="max", patience=3, factor=0.2)

    best = 0.0
    for epoch in range(args.epochs):
        model.train()
        total = 0.0
        for images, labels in train_loader:
            images = images.cuda(non_blocking=True)
            labels = labels.cuda(non_blocking=True)
            optimizer.zero_grad()
            loss = criterion(model(images), labels)
            loss.backward()
            optimizer.step()
            total += loss.item()

        res = evaluate(model, val_loader, criterion, CLASSES)  # <- TL015
        scheduler.step(res["balanced_acc"])
        print(f"epoch {epoch}: train_loss {total / len(train_loader):.4f} "
              f"val_loss {res['loss']:.4f} bal_acc {res['balanced_acc']:.4f}")
        print("  recall:", res["per_class_recall"])
        if res["balanced_acc"] > best:
            best = res["balanced_acc"]
            torch.save(model.state_dict(), "effb2_ham10000.pth")


if __name__ == "__main__":
    main()
