import argparse
import glob
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image
from torch.utils.data import DataLoader, Dataset


class LesionDataset(Dataset):
    def __init__(self, root, split, size=192):
        self.images = sorted(glob.glob(os.path.join(root, split, "images", "*.png")))
        self.masks = [p.replace("images", "masks") for p in self.images]
        self.size = size

    def __len__(self):
        return len(self.images)

    def __getitem__(self, i):
        img = Image.open(self.images[i]).convert("L").resize((self.size, self.size))
        msk = Image.open(self.masks[i]).convert("L").resize((self.size, self.size), Image.NEAREST)
        img = torch.from_numpy(np.asarray(img, dtype=np.float32) / 255.0)[None]
        msk = torch.from_numpy((np.asarray(msk) > 127).astype(np.float32))[None]
        return img, msk


def double_conv(cin, cout):
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
        nn.Conv2d(cout, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
    )


class UNetSmall(nn.Module):
    def __init__(self, base=16):
        super().__init__()
        self.d1, self.d2, self.d3 = double_conv(1, base), double_conv(base, 2 * base), double_conv(2 * base, 4 * base)
        self.u2, self.u1 = double_conv(6 * base, 2 * base), double_conv(3 * base, base)
        self.out = nn.Conv2d(base, 1, 1)

    def forward(self, x):
        c1 = self.d1(x)
        c2 = self.d2(F.max_pool2d(c1, 2))
        c3 = self.d3(F.max_pool2d(c2, 2))
        x = self.u2(torch.cat([F.interpolate(c3, scale_factor=2), c2], 1))
        x = self.u1(torch.cat([F.interpolate(x, scale_factor=2), c1], 1))
        return self.out(x)


def soft_dice(logits, target, eps=1e-6):
    p = torch.sigmoid(logits)
    inter = (p * target).sum(dim=(1, 2, 3))
    return ((2 * inter + eps) / (p.sum(dim=(1, 2, 3)) + target.sum(dim=(1, 2, 3)) + eps)).mean()


class SegTrainer:
    def __init__(self, args):
        self.args = args
        self.device = "cuda" if torch.cuda.is_available() else "cpu"
        self.model = UNetSmall().to(self.device)
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=args.lr)
        self.scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(self.optimizer, mode="max",
                                                                    patience=3, factor=0.5)
        self.train_loader = DataLoader(LesionDataset(args.root, "train"), batch_size=args.bs,
                                       shuffle=True, num_workers=4)
        self.val_loader = DataLoader(LesionDataset(args.root, "val"), batch_size=args.bs)

    def train_epoch(self):
        self.model.train()
        epoch_loss = 0.0
        for img, msk in self.train_loader:
            img, msk = img.to(self.device), msk.to(self.device)
            self.optimizer.zero_grad()
            logits = self.model(img)
            loss = F.binary_cross_entropy_with_logits(logits, msk) + (1 - soft_dice(logits, msk))
            loss.backward()
            self.optimizer.step()
            epoch_loss += loss.item()
        return epoch_loss / len(self.train_loader)

    def validate(self):  # EXPECT: TL004
        self.model.eval()
        bce_sum, dice_sum, n = 0.0, 0.0, 0
        for img, msk in self.val_loader:
            img, msk = img.to(self.device), msk.to(self.device)
            logits = self.model(img)  # <- TL004
            bce_sum += F.binary_cross_entropy_with_logits(logits, msk).item() * img.size(0)
            hard = (logits > 0).float()
            inter = (hard * msk).sum(dim=(1, 2, 3))
            dice = (2 * inter + 1e-6) / (hard.sum(dim=(1, 2, 3)) + msk.sum(dim=(1, 2, 3)) + 1e-6)
            dice_sum += dice.sum().item()
            n += img.size(0)
        return bce_sum / n, dice_sum / n

    def run(self):
        best = 0.0
        for epoch in range(self.args.epochs):
            tr = self.train_epoch()
            val_bce, val_dice = self.validate()
            self.scheduler.step(val_dice)
            print(f"[{epoch:03d}] train {tr:.4f}  val bce {val_bce:.4f}  dice {val_dice:.4f}")
            if val_dice > best:
                best = val_dice
                torch.save(self.model.state_dict(), os.path.join(self.args.out, "unet_best.pt"))


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default="data/isic")
    ap.add_argument("--epochs", type=int, default=50)
    ap.add_argument("--bs", type=int, default=16)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--out", default=".")
    SegTrainer(ap.parse_args()).run()
