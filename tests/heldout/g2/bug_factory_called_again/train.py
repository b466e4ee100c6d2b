import argparse
import logging
import os

import torch
import torch.nn as nn
import yaml
from torch.utils.data import DataLoader
from tqdm import tqdm

from datasets import SegFolder
from models import build_model

logging.basicConfig(level=logging.INFO)
log = logging.getLogger("seg")


def dice_coeff(logits, target, eps=1e-6):
    pred = (torch.sigmoid(logits) > 0.5).float()
    inter = (pred * target).sum(dim=(1, 2, 3))
    union = pred.sum(dim=(1, 2, 3)) + target.sum(dim=(1, 2, 3))
    return ((2 * inter + eps) / (union + eps)).mean()


def build_optimizer(cfg, model):
    decay, no_decay = [], []
    for n, p in model.named_parameters():
        if not p.requires_grad:
            continue
        (no_decay if p.ndim <= 1 or n.endswith(".bias") else decay).append(p)
    return torch.optim.AdamW(
        [{"params": decay, "weight_decay": cfg["weight_decay"]},
         {"params": no_decay, "weight_decay": 0.0}],
        lr=cfg["lr"],
    )


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", default="configs/unet_carvana.yaml")
    ap.add_argument("--out", default="outputs")
    args = ap.parse_args()

    with open(args.config) as f:
        cfg = yaml.safe_load(f)
    os.makedirs(args.out, exist_ok=True)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

    dcfg = cfg["data"]
    train_ds = SegFolder(dcfg["root"], "train", dcfg["img_size"], augment=True)
    val_ds = SegFolder(dcfg["root"], "val", dcfg["img_size"], augment=False)
    train_dl = DataLoader(train_ds, batch_size=dcfg["batch_size"], shuffle=True,
                          num_workers=dcfg["workers"], pin_memory=True)
    val_dl = DataLoader(val_ds, batch_size=dcfg["batch_size"], num_workers=dcfg["workers"])

    model = build_model(cfg["model"]).to(device)
    optimizer = build_optimizer(cfg["optim"], model)
    epochs = cfg["optim"]["epochs"]
    scheduler = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=cfg["optim"]["lr"], total_steps=epochs * len(train_dl))
    criterion = nn.BCEWithLogitsLoss()

    if cfg["model"].get("init_from"):
        model = build_model(cfg["model"], checkpoint=cfg["model"]["init_from"]).to(device)  # EXPECT: TL001  # <- TL001

    best = 0.0
    for epoch in range(epochs):
        model.train()
        pbar = tqdm(train_dl, desc=f"epoch {epoch}")
        for images, masks in pbar:
            images, masks = images.to(device), masks.to(device)
            optimizer.zero_grad(set_to_none=True)
            loss = criterion(model(images), masks)
            loss.backward()
            optimizer.step()
            scheduler.step()
            pbar.set_postfix(loss=loss.item())

        model.eval()
        dices = []
        with torch.no_grad():
            for images, masks in val_dl:
                dices.append(dice_coeff(model(images.to(device)), masks.to(device)).item())
        dice = sum(dices) / max(len(dices), 1)
        log.info("epoch %d val dice %.4f", epoch, dice)
        if dice > best:
            best = dice
            torch.save(model.state_dict(), os.path.join(args.out, "unet_best.pth"))


if __name__ == "__main__":
    main()
