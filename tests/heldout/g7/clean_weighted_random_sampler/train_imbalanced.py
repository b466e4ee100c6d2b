"""Skin lesion classifier (HAM10000) with class-balanced sampling."""
import argparse
import os

import numpy as np
import pandas as pd
import timm
import torch
import torch.nn as nn
from PIL import Image
from sklearn.metrics import balanced_accuracy_score
from torch.utils.data import DataLoader, Dataset, WeightedRandomSampler
from torchvision import transforms


class LesionDataset(Dataset):
    def __init__(self, df, img_root, classes, tfm):
        self.paths = [os.path.join(img_root, f"{i}.jpg") for i in df["image_id"]]
        self.targets = [classes.index(d) for d in df["dx"]]
        self.tfm = tfm

    def __len__(self):
        return len(self.paths)

    def __getitem__(self, idx):
        return self.tfm(Image.open(self.paths[idx]).convert("RGB")), self.targets[idx]


def make_sampler(targets, n_classes):
    counts = np.bincount(targets, minlength=n_classes)
    class_w = 1.0 / np.maximum(counts, 1)
    sample_w = torch.as_tensor(class_w[targets], dtype=torch.double)
    return WeightedRandomSampler(sample_w, num_samples=len(targets), replacement=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--meta", default="HAM10000_metadata.csv")
    ap.add_argument("--images", default="HAM10000_images")
    ap.add_argument("--arch", default="efficientnet_b0")
    ap.add_argument("--epochs", type=int, default=15)
    ap.add_argument("--bs", type=int, default=48)
    ap.add_argument("--lr", type=float, default=3e-4)
    args = ap.parse_args()

    df = pd.read_csv(args.meta)
    classes = sorted(df["dx"].unique())
    lesions = df["lesion_id"].unique()
    rng = np.random.default_rng(0)
    val_lesions = set(rng.choice(lesions, size=len(lesions) // 8, replace=False))
    val_df = df[df["lesion_id"].isin(val_lesions)]
    train_df = df[~df["lesion_id"].isin(val_lesions)]

    tfm_tr = transforms.Compose([
        transforms.RandomResizedCrop(224, scale=(0.7, 1.0)),
        transforms.RandomHorizontalFlip(),
        transforms.RandomVerticalFlip(),
        transforms.ToTensor(),
    ])
    tfm_va = transforms.Compose([transforms.Resize(224), transforms.CenterCrop(224), transforms.ToTensor()])
    train_ds = LesionDataset(train_df, args.images, classes, tfm_tr)
    val_ds = LesionDataset(val_df, args.images, classes, tfm_va)

    sampler = make_sampler(np.array(train_ds.targets), len(classes))
    train_loader = DataLoader(train_ds, batch_size=args.bs, sampler=sampler, num_workers=8, pin_memory=True)
    val_loader = DataLoader(val_ds, batch_size=args.bs, num_workers=8)

    device = "cuda" if torch.cuda.is_available() else "cpu"
    model = timm.create_model(args.arch, pretrained=True, num_classes=len(classes)).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.05)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=args.epochs * len(train_loader))
    criterion = nn.CrossEntropyLoss()

    for epoch in range(args.epochs):
        model.train()
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad(set_to_none=True)
            loss = criterion(model(x), y)
            loss.backward()
            optimizer.step()
            scheduler.step()

        model.eval()
        preds, gts = [], []
        with torch.no_grad():
            for x, y in val_loader:
                preds.append(model(x.to(device)).argmax(1).cpu())
                gts.append(y)
        bacc = balanced_accuracy_score(torch.cat(gts).numpy(), torch.cat(preds).numpy())
        print(f"epoch {epoch:02d} loss {loss.item():.4f} balanced acc {bacc:.4f}")


if __name__ == "__main__":
    main()
