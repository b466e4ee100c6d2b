import argparse
import glob
import logging
import os

import numpy as np
import torch
from PIL import Image
from torch.utils.data import DataLoader, Dataset

from engine import SegTrainer
from unet import UNet


class MaskDataset(Dataset):
    def __init__(self, root, size=256, augment=False):
        self.images = sorted(glob.glob(os.path.join(root, "images", "*.png")))
        self.masks = [p.replace("images", "masks") for p in self.images]
        self.size = size
        self.augment = augment

    def __len__(self):
        return len(self.images)

    def __getitem__(self, i):
        img = Image.open(self.images[i]).convert("RGB").resize((self.size, self.size))
        mask = Image.open(self.masks[i]).convert("L").resize((self.size, self.size), Image.NEAREST)
        img = np.asarray(img, dtype=np.float32) / 255.0
        mask = (np.asarray(mask) > 127).astype(np.float32)
        if self.augment and np.random.rand() < 0.5:
            img, mask = img[:, ::-1], mask[:, ::-1]
        img = torch.from_numpy(np.ascontiguousarray(img)).permute(2, 0, 1)
        mask = torch.from_numpy(np.ascontiguousarray(mask))[None]
        return img, mask


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", default="data/polyps")
    parser.add_argument("--epochs", type=int, default=80)
    parser.add_argument("--bs", type=int, default=16)
    parser.add_argument("--lr", type=float, default=3e-4)
    parser.add_argument("--base", type=int, default=32)
    parser.add_argument("--out", default="unet_best.pth")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)

    device = torch.device("cuda")
    train_ds = MaskDataset(os.path.join(args.root, "train"), augment=True)
    val_ds = MaskDataset(os.path.join(args.root, "val"))
    train_loader = DataLoader(train_ds, batch_size=args.bs, shuffle=True, num_workers=4, drop_last=True)
    val_loader = DataLoader(val_ds, batch_size=args.bs, num_workers=4)

    net = UNet(base=args.base).to(device)
    optimizer = torch.optim.Adam(net.parameters(), lr=args.lr)

    trainer = SegTrainer(net, optimizer, device, epochs=args.epochs, patience=6)
    best = trainer.fit(train_loader, val_loader)
    torch.save(net.state_dict(), args.out)
    print(f"best val dice: {best:.4f}")


if __name__ == "__main__":
    main()
