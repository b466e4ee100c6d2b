import argparse

import torch
import torch.nn as nn
import torchvision
from torch.utils.data import DataLoader
from torchvision import transforms

from callbacks import SamplePredictionLogger


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default="data")
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--bs", type=int, default=64)
    ap.add_argument("--lr", type=float, default=1e-3)
    args = ap.parse_args()

    norm = transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])
    tf_train = transforms.Compose([transforms.RandomResizedCrop(224), transforms.RandomHorizontalFlip(),
                                   transforms.ToTensor(), norm])
    tf_val = transforms.Compose([transforms.Resize(256), transforms.CenterCrop(224), transforms.ToTensor(), norm])
    train_set = torchvision.datasets.Food101(args.root, split="train", transform=tf_train, download=True)
    val_set = torchvision.datasets.Food101(args.root, split="test", transform=tf_val, download=True)
    train_loader = DataLoader(train_set, batch_size=args.bs, shuffle=True, num_workers=8, pin_memory=True)
    val_loader = DataLoader(val_set, batch_size=128, num_workers=8)

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    net = torchvision.models.efficientnet_b0(weights="IMAGENET1K_V1")
    net.classifier[1] = nn.Linear(net.classifier[1].in_features, 101)
    net = net.to(device)

    optimizer = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=1e-2)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=args.epochs)
    criterion = nn.CrossEntropyLoss(label_smoothing=0.1)
    sample_logger = SamplePredictionLogger(val_set, val_set.classes)

    for epoch in range(args.epochs):
        net.train()
        running = 0.0
        for images, labels in train_loader:
            images, labels = images.to(device), labels.to(device)
            optimizer.zero_grad()
            loss = criterion(net(images), labels)
            loss.backward()
            optimizer.step()
            running += loss.item()
        scheduler.step()

        net.eval()
        correct = 0
        with torch.no_grad():
            for images, labels in val_loader:
                correct += (net(images.to(device)).argmax(dim=1).cpu() == labels).sum().item()
        acc = correct / len(val_set)
        sample_logger.log_scalars(epoch, train_loss=running / len(train_loader), val_acc=acc)
        sample_logger(net, epoch, device)
        print(f"epoch {epoch}: loss {running / len(train_loader):.4f} val acc {acc:.4f}")

    sample_logger.close()
    torch.save(net.state_dict(), "effb0_food101.pt")


if __name__ == "__main__":
    main()
