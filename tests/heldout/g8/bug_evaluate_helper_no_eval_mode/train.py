import argparse
import os

import pandas as pd
import torch
import torch.nn as nn
import torchvision.transforms as T
from PIL import Image
from torch.utils.data import DataLoader, Dataset

from evaluate import LABELS, evaluate
from models import MiniDenseNet


class ChestXray(Dataset):
    def __init__(self, csv, img_dir, transform):
        self.df = pd.read_csv(csv)
        self.img_dir = img_dir
        self.transform = transform

    def __len__(self):
        return len(self.df)

    def __getitem__(self, i):
        row = self.df.iloc[i]
        img = Image.open(os.path.join(self.img_dir, row["Image Index"])).convert("L")
        found = set(row["Finding Labels"].split("|"))
        target = torch.tensor([1.0 if name in found else 0.0 for name in LABELS])
        return self.transform(img), target


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--img-dir", default="data/images")
    ap.add_argument("--train-csv", default="data/train_list.csv")
    ap.add_argument("--val-csv", default="data/val_list.csv")
    ap.add_argument("--epochs", type=int, default=25)
    ap.add_argument("--bs", type=int, default=48)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--out", default="weights")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    norm = T.Normalize([0.5], [0.25])
    train_tf = T.Compose([T.Resize(256), T.RandomCrop(224), T.RandomHorizontalFlip(), T.ToTensor(), norm])
    val_tf = T.Compose([T.Resize(256), T.CenterCrop(224), T.ToTensor(), norm])
    train_dl = DataLoader(ChestXray(args.train_csv, args.img_dir, train_tf), batch_size=args.bs,
                          shuffle=True, num_workers=8, pin_memory=True)
    val_dl = DataLoader(ChestXray(args.val_csv, args.img_dir, val_tf), batch_size=args.bs * 2,
                        num_workers=8, pin_memory=True)

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model = MiniDenseNet(num_labels=len(LABELS)).to(device)
    criterion = nn.BCEWithLogitsLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr, betas=(0.9, 0.999))
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="max", factor=0.1,
                                                           patience=2)

    best_auc = 0.0
    for epoch in range(args.epochs):
        model.train()
        running = 0.0
        for step, (images, targets) in enumerate(train_dl):
            images, targets = images.to(device), targets.to(device)
            optimizer.zero_grad()
            loss = criterion(model(images), targets)
            loss.backward()
            optimizer.step()
            running += loss.item()
            if step % 200 == 0:
                print(f"epoch {epoch} step {step}/{len(train_dl)} loss {running / (step + 1):.4f}")

        res = evaluate(model, val_dl, criterion, device)  # <- TL007
        scheduler.step(res["mean_auc"])
        print(f"epoch {epoch}: val loss {res['loss']:.4f} mean AUC {res['mean_auc']:.4f}")
        if res["mean_auc"] > best_auc:
            best_auc = res["mean_auc"]
            torch.save(model.state_dict(), os.path.join(args.out, "densenet_best.pth"))


if __name__ == "__main__":
    main()
