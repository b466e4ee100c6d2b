import argparse
import logging
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from torch.utils.data import DataLoader, Dataset, random_split

from engine import evaluate, train_one_epoch
from unet import UNet


class CarvanaDataset(Dataset):
    def __init__(self, img_dir, mask_dir, scale=0.5):
        self.img_paths = sorted(Path(img_dir).glob("*.jpg"))
        self.mask_dir = Path(mask_dir)
        self.scale = scale

    def __len__(self):
        return len(self.img_paths)

    def _load(self, path, is_mask):
        img = Image.open(path)
        w, h = img.size
        img = img.resize((int(w * self.scale), int(h * self.scale)),
                         Image.NEAREST if is_mask else Image.BICUBIC)
        arr = np.asarray(img, dtype=np.float32)
        if is_mask:
            return (arr > 0).astype(np.float32)[None]
        return arr.transpose(2, 0, 1) / 255.0

    def __getitem__(self, idx):
        p = self.img_paths[idx]
        img = self._load(p, False)
        mask = self._load(self.mask_dir / f"{p.stem}_mask.gif", True)
        return torch.from_numpy(img.copy()), torch.from_numpy(mask.copy())


def get_args():
    ap = argparse.ArgumentParser(description="Train UNet on Carvana")
    ap.add_argument("--imgs", default="data/imgs")
    ap.add_argument("--masks", default="data/masks")
    ap.add_argument("--epochs", type=int, default=24)
    ap.add_argument("--batch-size", type=int, default=4)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--lr-step-size", type=int, default=8, help="decay LR every N epochs")
    ap.add_argument("--lr-gamma", type=float, default=0.1)
    ap.add_argument("--val-frac", type=float, default=0.1)
    ap.add_argument("--amp", action="store_true")
    ap.add_argument("--ckpt-dir", default="checkpoints")
    return ap.parse_args()


def main():
    args = get_args()
    logging.basicConfig(level=logging.INFO)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

    dataset = CarvanaDataset(args.imgs, args.masks)
    n_val = int(len(dataset) * args.val_frac)
    train_set, val_set = random_split(dataset, [len(dataset) - n_val, n_val],
                                      generator=torch.Generator().manual_seed(0))
    train_loader = DataLoader(train_set, batch_size=args.batch_size, shuffle=True, num_workers=4, pin_memory=True)
    val_loader = DataLoader(val_set, batch_size=args.batch_size, num_workers=4, pin_memory=True)

    model = UNet(n_channels=3, n_classes=1).to(device, memory_format=torch.channels_last)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr, weight_decay=1e-8)
    lr_scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=args.lr_step_size, gamma=args.lr_gamma)
    scaler = torch.cuda.amp.GradScaler() if args.amp else None

    Path(args.ckpt_dir).mkdir(parents=True, exist_ok=True)
    best_dice = 0.0
    for epoch in range(1, args.epochs + 1):
        train_loss = train_one_epoch(model, train_loader, optimizer, device, epoch,  # <- TL011
                                     lr_scheduler=lr_scheduler, scaler=scaler)
        val_dice = evaluate(model, val_loader, device)
        logging.info("epoch %d: train loss %.4f, val dice %.4f", epoch, train_loss, val_dice)
        if val_dice > best_dice:
            best_dice = val_dice
            torch.save(model.state_dict(), Path(args.ckpt_dir) / "best.pth")


if __name__ == "__main__":
    main()
