import argparse
import glob
import os
import random

import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image
from torch.utils.data import DataLoader, Dataset
from torchvision.transforms.functional import to_tensor

from engine import train_epoch, validate
from utils import save_history


class ESPCN(nn.Module):
    def __init__(self, scale=3, channels=3, feats=64):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(channels, feats, 5, padding=2), nn.Tanh(),
            nn.Conv2d(feats, feats // 2, 3, padding=1), nn.Tanh(),
            nn.Conv2d(feats // 2, channels * scale ** 2, 3, padding=1),
        )
        self.shuffle = nn.PixelShuffle(scale)

    def forward(self, x):
        return self.shuffle(self.body(x))


class SRPatches(Dataset):
    def __init__(self, root, scale, patch=96, train=True):
        self.files = sorted(glob.glob(os.path.join(root, "*.png")))
        self.scale, self.patch, self.train = scale, patch, train

    def __len__(self):
        return len(self.files)

    def __getitem__(self, i):
        hr = to_tensor(Image.open(self.files[i]).convert("RGB"))
        _, h, w = hr.shape
        p = self.patch
        if self.train:
            top, left = random.randint(0, h - p), random.randint(0, w - p)
        else:
            top, left = (h - p) // 2, (w - p) // 2
        hr = hr[:, top:top + p, left:left + p]
        if self.train and random.random() < 0.5:
            hr = hr.flip(-1)
        lr = F.interpolate(hr.unsqueeze(0), scale_factor=1 / self.scale, mode="bicubic",
                           align_corners=False, antialias=True).squeeze(0).clamp(0, 1)
        return lr, hr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train-dir", default="data/DIV2K_train_HR")
    ap.add_argument("--val-dir", default="data/DIV2K_valid_HR")
    ap.add_argument("--scale", type=int, default=3)
    ap.add_argument("--epochs", type=int, default=200)
    ap.add_argument("--bs", type=int, default=16)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--out", default="runs/espcn_x3")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_dl = DataLoader(SRPatches(args.train_dir, args.scale), batch_size=args.bs, shuffle=True, num_workers=4)
    val_dl = DataLoader(SRPatches(args.val_dir, args.scale, patch=192, train=False), batch_size=8)

    model = ESPCN(args.scale).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    total_steps = args.epochs * len(train_dl)
    state = {"step": 0}
    history = {"train": [], "val": [], "psnr": []}

    best_psnr = 0.0
    for epoch in range(args.epochs):
        tr = train_epoch(model, train_dl, optimizer, device, epoch, state, args.lr, total_steps)
        va = validate(model, val_dl, device)
        history["train"].append(tr["l1"])
        history["val"].append(va["l1"])
        history["psnr"].append(va["psnr"])
        print(f"epoch {epoch}: train L1 {tr['l1']:.4f} (+-{tr['l1_std']:.4f}) | "
              f"val L1 {va['l1']:.4f} PSNR {va['psnr']:.2f} dB")
        if va["psnr"] > best_psnr:
            best_psnr = va["psnr"]
            torch.save(model.state_dict(), os.path.join(args.out, "espcn_best.pth"))
        save_history(history, args.out)


if __name__ == "__main__":
    main()
