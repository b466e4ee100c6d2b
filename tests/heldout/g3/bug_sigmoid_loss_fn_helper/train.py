import argparse
import glob
import os

import albumentations as A
import cv2
import numpy as np
import segmentation_models_pytorch as smp
import torch
import torch.nn.functional as F
from albumentations.pytorch import ToTensorV2
from torch.cuda.amp import GradScaler, autocast
from torch.utils.data import DataLoader, Dataset
from tqdm import tqdm


class MaskDataset(Dataset):
    def __init__(self, image_paths, mask_dir, transform=None):
        self.image_paths = image_paths
        self.mask_dir = mask_dir
        self.transform = transform

    def __len__(self):
        return len(self.image_paths)

    def __getitem__(self, i):
        path = self.image_paths[i]
        image = cv2.cvtColor(cv2.imread(path), cv2.COLOR_BGR2RGB)
        mask = cv2.imread(os.path.join(self.mask_dir, os.path.basename(path)), cv2.IMREAD_GRAYSCALE)
        mask = (mask > 127).astype(np.float32)
        if self.transform is not None:
            out = self.transform(image=image, mask=mask)
            image, mask = out["image"], out["mask"]
        return image, mask.unsqueeze(0)


def dice_coeff(probs, target, eps=1e-6):
    inter = (probs * target).sum(dim=(2, 3))
    union = probs.sum(dim=(2, 3)) + target.sum(dim=(2, 3))
    return ((2 * inter + eps) / (union + eps)).mean()


def loss_fn(output, target, bce_weight=0.5):
    bce = F.binary_cross_entropy_with_logits(output, target)
    dice = 1 - dice_coeff(torch.sigmoid(output), target)
    return bce_weight * bce + (1 - bce_weight) * dice


def get_args():
    p = argparse.ArgumentParser()
    p.add_argument("--images", default="data/train/images")
    p.add_argument("--masks", default="data/train/masks")
    p.add_argument("--encoder", default="efficientnet-b3")
    p.add_argument("--size", type=int, default=384)
    p.add_argument("--batch-size", type=int, default=8)
    p.add_argument("--accum-steps", type=int, default=4)
    p.add_argument("--epochs", type=int, default=25)
    p.add_argument("--lr", type=float, default=3e-4)
    return p.parse_args()


def main():
    args = get_args()
    device = "cuda"
    paths = sorted(glob.glob(os.path.join(args.images, "*.png")))
    split = int(0.9 * len(paths))
    train_tf = A.Compose([
        A.Resize(args.size, args.size), A.HorizontalFlip(), A.ShiftScaleRotate(p=0.5),
        A.Normalize(), ToTensorV2(),
    ])
    valid_tf = A.Compose([A.Resize(args.size, args.size), A.Normalize(), ToTensorV2()])
    train_loader = DataLoader(MaskDataset(paths[:split], args.masks, train_tf),
                              batch_size=args.batch_size, shuffle=True, num_workers=4, drop_last=True)
    valid_loader = DataLoader(MaskDataset(paths[split:], args.masks, valid_tf),
                              batch_size=args.batch_size, num_workers=4)

    model = smp.Unet(args.encoder, encoder_weights="imagenet", classes=1).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(optimizer, T_0=5)
    scaler = GradScaler()

    best_dice = 0.0
    for epoch in range(args.epochs):
        model.train()
        optimizer.zero_grad()
        pbar = tqdm(train_loader, desc=f"Epoch {epoch + 1}/{args.epochs}")
        for step, (images, true_masks) in enumerate(pbar):
            images, true_masks = images.to(device), true_masks.to(device)
            with autocast():
                masks_pred = torch.sigmoid(model(images))  # EXPECT: TL003
                loss = loss_fn(masks_pred, true_masks) / args.accum_steps  # <- TL003
            scaler.scale(loss).backward()
            if (step + 1) % args.accum_steps == 0:
                scaler.step(optimizer)
                scaler.update()
                optimizer.zero_grad()
            pbar.set_postfix(loss=loss.item() * args.accum_steps)
        scheduler.step()

        model.eval()
        scores = []
        with torch.no_grad():
            for images, true_masks in valid_loader:
                logits = model(images.to(device))
                pred = (torch.sigmoid(logits) > 0.5).float()
                scores.append(dice_coeff(pred, true_masks.to(device)).item())
        val_dice = float(np.mean(scores))
        print(f"epoch {epoch + 1}: val dice {val_dice:.4f}")
        if val_dice > best_dice:
            best_dice = val_dice
            torch.save(model.state_dict(), "unet_best.pth")


if __name__ == "__main__":
    main()
