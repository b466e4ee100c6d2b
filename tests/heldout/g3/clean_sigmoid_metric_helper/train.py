import argparse
import glob
import os

import numpy as np
import segmentation_models_pytorch as smp
import tifffile
import torch
from torch.cuda.amp import GradScaler, autocast
from torch.utils.data import DataLoader, Dataset
from tqdm import tqdm

from utils.losses import loss_fn
from utils.metrics import AverageMeter, dice_score, iou_score


class TileDataset(Dataset):
    def __init__(self, tiles, augment=False):
        self.tiles = tiles
        self.augment = augment

    def __len__(self):
        return len(self.tiles)

    def __getitem__(self, i):
        img = tifffile.imread(self.tiles[i]).astype(np.float32) / 255.0
        mask = tifffile.imread(self.tiles[i].replace("/img/", "/mask/")).astype(np.float32)
        if self.augment and np.random.rand() < 0.5:
            img, mask = img[:, ::-1], mask[:, ::-1]
        img = torch.from_numpy(np.ascontiguousarray(img.transpose(2, 0, 1)))
        mask = torch.from_numpy(np.ascontiguousarray(mask))[None]
        return img, (mask > 0).float()


def main():
    ap = argparse.ArgumentParser(description="Building footprint segmentation")
    ap.add_argument("--tiles", default="data/tiles/img")
    ap.add_argument("--epochs", type=int, default=40)
    ap.add_argument("--bs", type=int, default=16)
    ap.add_argument("--lr", type=float, default=5e-4)
    ap.add_argument("--pos-weight", type=float, default=3.0)
    args = ap.parse_args()

    tiles = sorted(glob.glob(os.path.join(args.tiles, "*.tif")))
    n_val = len(tiles) // 8
    train_dl = DataLoader(TileDataset(tiles[n_val:], augment=True), args.bs, shuffle=True, num_workers=8)
    val_dl = DataLoader(TileDataset(tiles[:n_val]), args.bs, num_workers=8)

    device = torch.device("cuda")
    model = smp.FPN("resnet34", encoder_weights="imagenet", classes=1).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    sched = torch.optim.lr_scheduler.PolynomialLR(opt, total_iters=args.epochs, power=0.9)
    scaler = GradScaler()
    pos_weight = torch.tensor([args.pos_weight], device=device)

    for epoch in range(args.epochs):
        model.train()
        loss_m, dice_m = AverageMeter(), AverageMeter()
        for images, masks in tqdm(train_dl, desc=f"train {epoch}"):
            images, masks = images.to(device), masks.to(device)
            with autocast():
                logits = model(images)
                loss = loss_fn(logits, masks, pos_weight=pos_weight)
            opt.zero_grad()
            scaler.scale(loss).backward()
            scaler.step(opt)
            scaler.update()
            probs = torch.sigmoid(logits.detach().float())
            loss_m.update(loss.item(), images.size(0))
            dice_m.update(dice_score(probs, masks), images.size(0))
        sched.step()

        model.eval()
        v_dice, v_iou = AverageMeter(), AverageMeter()
        with torch.no_grad():
            for images, masks in val_dl:
                images, masks = images.to(device), masks.to(device)
                probs = torch.sigmoid(model(images))
                v_dice.update(dice_score(probs, masks), images.size(0))
                v_iou.update(iou_score(probs, masks), images.size(0))
        print(f"epoch {epoch}: loss {loss_m.avg:.4f} dice {dice_m.avg:.4f} | "
              f"val dice {v_dice.avg:.4f} iou {v_iou.avg:.4f}")
        torch.save(model.state_dict(), "fpn_buildings.pth")


if __name__ == "__main__":
    main()
