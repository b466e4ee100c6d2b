"""ESPCN-style single-image super-resolution (x3) on DIV2K patches."""
import glob
import math
import os
import random

import numpy as np
import torch
import torch.nn as nn
from PIL import Image
from torch.utils.data import DataLoader, Dataset

cfg = dict(
    hr_dir="data/DIV2K_train_HR",
    val_dir="data/Set5",
    scale=3,
    patch=96,
    batch_size=32,
    epochs=300,
    lr=1e-3,
    milestones=[150, 250],
    save_dir="weights",
)


class PatchDataset(Dataset):
    def __init__(self, folder, scale, patch, train=True):
        self.files = sorted(glob.glob(os.path.join(folder, "*.png")))
        self.scale, self.patch, self.train = scale, patch, train

    def __len__(self):
        return len(self.files) * (16 if self.train else 1)

    def __getitem__(self, idx):
        img = Image.open(self.files[idx % len(self.files)]).convert("YCbCr").split()[0]
        if self.train:
            x = random.randint(0, img.width - self.patch)
            y = random.randint(0, img.height - self.patch)
            hr = img.crop((x, y, x + self.patch, y + self.patch))
        else:
            w, h = (img.width // self.scale) * self.scale, (img.height // self.scale) * self.scale
            hr = img.crop((0, 0, w, h))
        lr = hr.resize((hr.width // self.scale, hr.height // self.scale), Image.BICUBIC)
        to_t = lambda im: torch.from_numpy(np.asarray(im, dtype=np.float32) / 255.0)[None]
        return to_t(lr), to_t(hr)


class ESPCN(nn.Module):
    def __init__(self, scale, channels=1):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(channels, 64, 5, padding=2), nn.Tanh(),
            nn.Conv2d(64, 32, 3, padding=1), nn.Tanh(),
            nn.Conv2d(32, channels * scale ** 2, 3, padding=1),
        )
        self.shuffle = nn.PixelShuffle(scale)

    def forward(self, x):
        return self.shuffle(self.body(x)).clamp(0.0, 1.0)


def psnr(a, b):
    mse = torch.mean((a - b) ** 2).item()
    return 10 * math.log10(1.0 / max(mse, 1e-10))


def main():
    os.makedirs(cfg["save_dir"], exist_ok=True)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_loader = DataLoader(PatchDataset(cfg["hr_dir"], cfg["scale"], cfg["patch"]),
                              batch_size=cfg["batch_size"], shuffle=True, num_workers=8, pin_memory=True)
    val_loader = DataLoader(PatchDataset(cfg["val_dir"], cfg["scale"], cfg["patch"], train=False),
                            batch_size=1)

    model = ESPCN(cfg["scale"]).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=cfg["lr"])
    scheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, cfg["milestones"], gamma=0.1)
    if torch.cuda.device_count() > 1:
        print(f"using {torch.cuda.device_count()} GPUs")
        model = nn.DataParallel(model)
    criterion = nn.MSELoss()

    best_psnr = 0.0
    for epoch in range(cfg["epochs"]):
        model.train()
        epoch_loss = 0.0
        for lr_img, hr_img in train_loader:
            lr_img, hr_img = lr_img.to(device), hr_img.to(device)
            sr = model(lr_img)
            loss = criterion(sr, hr_img)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            epoch_loss += loss.item()
        scheduler.step()

        model.eval()
        scores = []
        with torch.no_grad():
            for lr_img, hr_img in val_loader:
                scores.append(psnr(model(lr_img.to(device)), hr_img.to(device)))
        val_psnr = sum(scores) / len(scores)
        print(f"epoch {epoch}: loss {epoch_loss / len(train_loader):.6f} Set5 PSNR {val_psnr:.2f} dB")
        if val_psnr > best_psnr:
            best_psnr = val_psnr
            state = model.module.state_dict() if isinstance(model, nn.DataParallel) else model.state_dict()
            torch.save(state, os.path.join(cfg["save_dir"], f"espcn_x{cfg['scale']}_best.pth"))


if __name__ == "__main__":
    main()
