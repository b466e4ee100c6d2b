import argparse
import os

import pandas as pd
import torch
import torch.nn as nn
from PIL import Image
from sklearn.metrics import f1_score
from torch.utils.data import DataLoader, Dataset
from torchvision import transforms

from blocks import SENet


class PlanetDataset(Dataset):
    """Multi-label satellite chips: csv with image_name and space separated tags."""

    def __init__(self, frame, img_dir, labels, tfm):
        self.names = frame["image_name"].tolist()
        self.tags = frame["tags"].str.split().tolist()
        self.labels = labels
        self.img_dir = img_dir
        self.tfm = tfm

    def __len__(self):
        return len(self.names)

    def __getitem__(self, i):
        img = Image.open(os.path.join(self.img_dir, self.names[i] + ".jpg")).convert("RGB")
        target = torch.zeros(len(self.labels))
        for t in self.tags[i]:
            target[self.labels.index(t)] = 1.0
        return self.tfm(img), target


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--csv", default="train_v2.csv")
    ap.add_argument("--img-dir", default="train-jpg")
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--bs", type=int, default=64)
    ap.add_argument("--lr", type=float, default=1e-3)
    args = ap.parse_args()

    df = pd.read_csv(args.csv)
    labels = sorted({t for tags in df["tags"] for t in tags.split()})
    val_df = df.sample(frac=0.1, random_state=0)
    train_df = df.drop(val_df.index)
    tfm_train = transforms.Compose([transforms.Resize(128), transforms.RandomHorizontalFlip(), transforms.ToTensor()])
    tfm_val = transforms.Compose([transforms.Resize(128), transforms.ToTensor()])
    train_dl = DataLoader(PlanetDataset(train_df, args.img_dir, labels, tfm_train), batch_size=args.bs, shuffle=True, num_workers=6)
    val_dl = DataLoader(PlanetDataset(val_df, args.img_dir, labels, tfm_val), batch_size=args.bs * 2, num_workers=6)

    device = "cuda" if torch.cuda.is_available() else "cpu"
    net = SENet(len(labels)).to(device)
    opt = torch.optim.Adam(net.parameters(), lr=args.lr)
    crit = nn.BCEWithLogitsLoss()

    for epoch in range(args.epochs):
        net.train()
        for imgs, targets in train_dl:
            imgs, targets = imgs.to(device), targets.to(device)
            opt.zero_grad()
            loss = crit(net(imgs), targets)
            loss.backward()
            opt.step()

        net.eval()
        preds, gts = [], []
        with torch.no_grad():
            for imgs, targets in val_dl:
                preds.append((torch.sigmoid(net(imgs.to(device))) > 0.2).cpu())
                gts.append(targets)
        f2 = f1_score(torch.cat(gts).numpy(), torch.cat(preds).numpy(), average="samples")
        print(f"epoch {epoch}: loss {loss.item():.4f} val F1 {f2:.4f}")


if __name__ == "__main__":
    main()
