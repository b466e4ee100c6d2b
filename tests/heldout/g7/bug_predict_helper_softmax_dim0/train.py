import argparse
import os

import numpy as np
import torch
import torch.nn as nn
import torchvision
from torch.utils.data import DataLoader
from torchvision import transforms

from utils.inference import expected_calibration_error, predict_loader


def build_model(num_classes, pretrained=True):
    weights = torchvision.models.ConvNeXt_Tiny_Weights.IMAGENET1K_V1 if pretrained else None
    model = torchvision.models.convnext_tiny(weights=weights)
    model.classifier[2] = nn.Linear(model.classifier[2].in_features, num_classes)
    return model


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default="data/flowers102")
    ap.add_argument("--epochs", type=int, default=25)
    ap.add_argument("--bs", type=int, default=32)
    ap.add_argument("--lr", type=float, default=2e-4)
    ap.add_argument("--out", default="runs/flowers")
    args = ap.parse_args()

    tf_train = transforms.Compose([transforms.RandomResizedCrop(224), transforms.RandomHorizontalFlip(),
                                   transforms.ToTensor(), transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])
    tf_eval = transforms.Compose([transforms.Resize(256), transforms.CenterCrop(224), transforms.ToTensor(),
                                  transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])
    train_set = torchvision.datasets.Flowers102(args.root, split="train", download=True, transform=tf_train)
    val_set = torchvision.datasets.Flowers102(args.root, split="val", download=True, transform=tf_eval)
    train_loader = DataLoader(train_set, batch_size=args.bs, shuffle=True, num_workers=4)
    val_loader = DataLoader(val_set, batch_size=64, num_workers=4)

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model = build_model(102).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.05)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=args.epochs)
    criterion = nn.CrossEntropyLoss(label_smoothing=0.1)

    os.makedirs(args.out, exist_ok=True)
    best_acc = 0.0
    for epoch in range(args.epochs):
        model.train()
        for images, targets in train_loader:
            images, targets = images.to(device), targets.to(device)
            optimizer.zero_grad()
            loss = criterion(model(images), targets)
            loss.backward()
            optimizer.step()
        scheduler.step()

        probs, targets = predict_loader(model, val_loader, device, tta=True)
        acc = (probs.argmax(1) == targets).mean()
        ece = expected_calibration_error(probs, targets)
        print(f"epoch {epoch} loss {loss.item():.3f} val_acc {acc:.4f} ece {ece:.4f}")
        if acc > best_acc:
            best_acc = acc
            torch.save(model.state_dict(), os.path.join(args.out, "best.pt"))
            np.save(os.path.join(args.out, "val_probs.npy"), probs)


if __name__ == "__main__":
    main()
