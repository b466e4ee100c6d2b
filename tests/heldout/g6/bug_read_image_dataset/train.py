import argparse
import copy
import time

import torch
import torch.nn as nn
import torchvision.transforms as T
from torch.utils.data import DataLoader
from torchvision.models import efficientnet_b0, EfficientNet_B0_Weights

from datasets import CsvImageDataset


def get_transforms(size):
    train_tf = T.Compose([
        T.Resize((size, size), antialias=True),
        T.RandomHorizontalFlip(),
        T.RandomRotation(10),
    ])
    eval_tf = T.Compose([T.Resize((size, size), antialias=True)])
    return train_tf, eval_tf


def run_epoch(model, loader, criterion, device, optimizer=None):
    is_train = optimizer is not None
    model.train() if is_train else model.eval()
    loss_sum, correct, count = 0.0, 0, 0
    for inputs, labels in loader:
        inputs, labels = inputs.to(device), labels.to(device)
        with torch.set_grad_enabled(is_train):
            outputs = model(inputs)
            loss = criterion(outputs, labels)
            if is_train:
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
        loss_sum += loss.item() * inputs.size(0)
        correct += (outputs.argmax(1) == labels).sum().item()
        count += inputs.size(0)
    return loss_sum / count, correct / count


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default="images")
    ap.add_argument("--train-csv", default="train.csv")
    ap.add_argument("--val-csv", default="val.csv")
    ap.add_argument("--size", type=int, default=224)
    ap.add_argument("--epochs", type=int, default=15)
    ap.add_argument("--bs", type=int, default=48)
    ap.add_argument("--lr", type=float, default=1e-3)
    args = ap.parse_args()

    device = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")
    train_tf, eval_tf = get_transforms(args.size)
    train_ds = CsvImageDataset(args.train_csv, args.root, transform=train_tf)
    val_ds = CsvImageDataset(args.val_csv, args.root, transform=eval_tf, classes=train_ds.classes)
    loaders = {
        "train": DataLoader(train_ds, batch_size=args.bs, shuffle=True, num_workers=4),
        "val": DataLoader(val_ds, batch_size=args.bs, shuffle=False, num_workers=4),
    }

    model = efficientnet_b0(weights=EfficientNet_B0_Weights.IMAGENET1K_V1)
    model.classifier[1] = nn.Linear(model.classifier[1].in_features, len(train_ds.classes))
    model = model.to(device)

    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=5, gamma=0.1)

    best_acc, best_wts = 0.0, copy.deepcopy(model.state_dict())
    since = time.time()
    for epoch in range(args.epochs):
        tr_loss, tr_acc = run_epoch(model, loaders["train"], criterion, device, optimizer)
        va_loss, va_acc = run_epoch(model, loaders["val"], criterion, device)
        scheduler.step()
        print(f"Epoch {epoch}/{args.epochs - 1}  train {tr_loss:.4f}/{tr_acc:.4f}  "
              f"val {va_loss:.4f}/{va_acc:.4f}")
        if va_acc > best_acc:
            best_acc, best_wts = va_acc, copy.deepcopy(model.state_dict())
    print(f"Training complete in {time.time() - since:.0f}s, best val acc {best_acc:.4f}")
    model.load_state_dict(best_wts)
    torch.save(model.state_dict(), "effnet_best.pt")


if __name__ == "__main__":
    main()
