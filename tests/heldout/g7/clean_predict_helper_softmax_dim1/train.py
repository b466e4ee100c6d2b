import argparse
import os

import numpy as np
import pandas as pd
import timm
import torch
import torch.nn as nn
from PIL import Image
from sklearn.model_selection import StratifiedKFold
from torch.utils.data import DataLoader, Dataset
from torchvision import transforms

from tools.predict import collect, macro_auc


class CXRDataset(Dataset):
    def __init__(self, df, root, tf):
        self.paths = [os.path.join(root, f) for f in df["filename"]]
        self.labels = df["label"].values
        self.tf = tf

    def __len__(self):
        return len(self.paths)

    def __getitem__(self, i):
        return self.tf(Image.open(self.paths[i]).convert("RGB")), int(self.labels[i])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--csv", default="data/cxr_labels.csv")
    ap.add_argument("--root", default="data/images")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--fold", type=int, default=0)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--bs", type=int, default=32)
    ap.add_argument("--lr", type=float, default=1e-4)
    args = ap.parse_args()

    df = pd.read_csv(args.csv)
    skf = StratifiedKFold(args.folds, shuffle=True, random_state=42)
    tr_idx, va_idx = list(skf.split(df, df["label"]))[args.fold]
    tf_tr = transforms.Compose([transforms.Resize((320, 320)), transforms.RandomAffine(10, (0.05, 0.05), (0.95, 1.05)),
                                transforms.ToTensor(), transforms.Normalize([0.5] * 3, [0.25] * 3)])
    tf_va = transforms.Compose([transforms.Resize((320, 320)), transforms.ToTensor(),
                                transforms.Normalize([0.5] * 3, [0.25] * 3)])
    train_dl = DataLoader(CXRDataset(df.iloc[tr_idx], args.root, tf_tr), batch_size=args.bs, shuffle=True, num_workers=6)
    val_dl = DataLoader(CXRDataset(df.iloc[va_idx], args.root, tf_va), batch_size=64, num_workers=6)

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    n_classes = df["label"].nunique()
    model = timm.create_model("densenet121", pretrained=True, num_classes=n_classes).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    scaler = torch.cuda.amp.GradScaler()
    loss_fn = nn.CrossEntropyLoss()

    best = 0.0
    for epoch in range(args.epochs):
        model.train()
        for images, labels in train_dl:
            images, labels = images.to(device), labels.to(device)
            optimizer.zero_grad()
            with torch.autocast("cuda", dtype=torch.float16):
                loss = loss_fn(model(images), labels)
            scaler.scale(loss).backward()
            scaler.step(optimizer)
            scaler.update()
        probs, ys = collect([model], val_dl, device)
        auc = macro_auc(probs, ys)
        acc = float(np.mean(probs.argmax(1) == ys))
        print(f"fold {args.fold} epoch {epoch}: loss {loss.item():.4f} val auc {auc:.4f} acc {acc:.4f}")
        if auc > best:
            best = auc
            torch.save(model.state_dict(), f"densenet_fold{args.fold}.pt")


if __name__ == "__main__":
    main()
