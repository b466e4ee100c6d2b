import argparse
import glob
import os

import numpy as np
import segmentation_models_pytorch as smp
import torch
from PIL import Image
from torch.utils.data import DataLoader, Dataset

from engine import evaluate, train_step


class PolypDataset(Dataset):
    def __init__(self, root, size=352):
        self.images = sorted(glob.glob(os.path.join(root, "images", "*.png")))
        self.masks = sorted(glob.glob(os.path.join(root, "masks", "*.png")))
        assert len(self.images) == len(self.masks)
        self.size = size

    def __len__(self):
        return len(self.images)

    def __getitem__(self, i):
        img = Image.open(self.images[i]).convert("RGB").resize((self.size, self.size))
        msk = Image.open(self.masks[i]).convert("L").resize((self.size, self.size), Image.NEAREST)
        img = torch.from_numpy(np.asarray(img, dtype=np.float32).transpose(2, 0, 1) / 255.0)
        msk = torch.from_numpy((np.asarray(msk) > 127).astype(np.float32))[None]
        return img, msk


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="data/Kvasir-SEG")
    ap.add_argument("--iters", type=int, default=20000)
    ap.add_argument("--val-every", type=int, default=1000)
    ap.add_argument("--bs", type=int, default=16)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--amp", action="store_true")
    args = ap.parse_args()

    device = "cuda" if torch.cuda.is_available() else "cpu"
    train_dl = DataLoader(PolypDataset(os.path.join(args.data, "train")), batch_size=args.bs,
                          shuffle=True, num_workers=4, drop_last=True)
    val_dl = DataLoader(PolypDataset(os.path.join(args.data, "val")), batch_size=args.bs, num_workers=4)

    model = smp.Unet("resnet34", encoder_weights="imagenet", classes=1).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr)
    scheduler = torch.optim.lr_scheduler.PolynomialLR(optimizer, total_iters=args.iters, power=0.9)
    scaler = torch.cuda.amp.GradScaler(enabled=args.amp)

    it, best = 0, 0.0
    model.train()
    while it < args.iters:
        for batch in train_dl:
            loss = train_step(model, batch, optimizer, scaler, device)
            scheduler.step()
            it += 1
            if it % 50 == 0:
                print(f"it {it} loss {loss:.4f}")
            if it % args.val_every == 0:
                metrics = evaluate(model, val_dl, device)
                print(f"it {it} val dice {metrics['dice']:.4f} bce {metrics['bce']:.4f}")
                if metrics["dice"] > best:
                    best = metrics["dice"]
                    torch.save(model.state_dict(), "unet_polyp_best.pth")
            if it >= args.iters:
                break


if __name__ == "__main__":
    main()
