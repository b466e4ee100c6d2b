import argparse
import logging
from pathlib import Path

import torch
import torch.nn as nn
from torch.utils.data import DataLoader
from tqdm import tqdm

from data import CarvanaDataset, split_ids
from unet import UNet


def dice_coeff(logits, target, eps=1e-6):
    pred = (torch.sigmoid(logits) > 0.5).float()
    inter = (pred * target).sum(dim=(1, 2, 3))
    union = pred.sum(dim=(1, 2, 3)) + target.sum(dim=(1, 2, 3))
    return ((2 * inter + eps) / (union + eps)).mean()


@torch.no_grad()
def evaluate(net, loader, device):
    net.eval()
    score = 0.0
    for images, masks in loader:
        images, masks = images.to(device), masks.to(device)
        score += dice_coeff(net(images), masks).item()  # <- TL013
    return score / max(len(loader), 1)


def train(args):
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    img_dir, mask_dir = Path(args.data) / "imgs", Path(args.data) / "masks"
    train_ids, val_ids = split_ids(img_dir, args.val)
    train_set = CarvanaDataset(img_dir, mask_dir, train_ids, augment=True)
    val_set = CarvanaDataset(img_dir, mask_dir, val_ids)
    train_loader = DataLoader(train_set, batch_size=args.batch_size, shuffle=True,
                              num_workers=4, pin_memory=True)
    val_loader = DataLoader(val_set, batch_size=args.batch_size, shuffle=False,
                            num_workers=4, pin_memory=True, drop_last=True)

    net = UNet(n_channels=3, n_classes=1).to(device)
    optimizer = torch.optim.RMSprop(net.parameters(), lr=args.lr, weight_decay=1e-8,
                                    momentum=0.9)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, "max", patience=2)
    criterion = nn.BCEWithLogitsLoss()

    for epoch in range(1, args.epochs + 1):
        net.train()
        epoch_loss = 0.0
        with tqdm(total=len(train_set), desc=f"Epoch {epoch}/{args.epochs}", unit="img") as pbar:
            for images, masks in train_loader:
                images = images.to(device, dtype=torch.float32)
                masks = masks.to(device, dtype=torch.float32)
                logits = net(images)
                loss = criterion(logits, masks)
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                nn.utils.clip_grad_norm_(net.parameters(), 1.0)
                optimizer.step()
                pbar.update(images.shape[0])
                epoch_loss += loss.item()
                pbar.set_postfix(loss=loss.item())
        val_dice = evaluate(net, val_loader, device)
        scheduler.step(val_dice)
        logging.info("epoch %d loss %.4f val dice %.4f", epoch, epoch_loss / len(train_loader),
                     val_dice)
        Path(args.ckpt).mkdir(exist_ok=True)
        torch.save(net.state_dict(), Path(args.ckpt) / f"epoch{epoch}.pth")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Train the UNet on images and target masks")
    parser.add_argument("--data", default="data/carvana")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=4)
    parser.add_argument("--lr", type=float, default=1e-5)
    parser.add_argument("--val", type=float, default=0.1)
    parser.add_argument("--ckpt", default="checkpoints")
    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(message)s")
    train(parser.parse_args())
