import argparse
import logging
import os

import timm
import torch
from timm.data import create_transform, resolve_data_config
from torch.utils.data import DataLoader
from torchvision.datasets import ImageFolder

from optim_utils import build_param_groups, cosine_with_warmup
from trainer import Trainer

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
logger = logging.getLogger("finetune")


def parse():
    ap = argparse.ArgumentParser(description="Fine-tune a timm ViT on an ImageFolder dataset")
    ap.add_argument("--data", required=True)
    ap.add_argument("--model", default="vit_small_patch16_224.augreg_in21k")
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--accum", type=int, default=4)
    ap.add_argument("--lr", type=float, default=5e-4)
    ap.add_argument("--wd", type=float, default=0.05)
    ap.add_argument("--warmup-epochs", type=int, default=2)
    ap.add_argument("--no-amp", action="store_true")
    ap.add_argument("--out", default="output/vit_ft")
    return ap.parse_args()


def main():
    args = parse()
    os.makedirs(args.out, exist_ok=True)
    device = torch.device("cuda")

    train_set = ImageFolder(os.path.join(args.data, "train"))
    num_classes = len(train_set.classes)
    model = timm.create_model(args.model, pretrained=True, num_classes=num_classes, drop_path_rate=0.1)
    data_cfg = resolve_data_config({}, model=model)
    train_set.transform = create_transform(**data_cfg, is_training=True, auto_augment="rand-m9-mstd0.5")
    val_set = ImageFolder(os.path.join(args.data, "val"), transform=create_transform(**data_cfg))

    train_loader = DataLoader(train_set, batch_size=args.batch_size, shuffle=True, num_workers=8,
                              pin_memory=True, drop_last=True)
    val_loader = DataLoader(val_set, batch_size=2 * args.batch_size, num_workers=8)

    model.to(device)
    optimizer = torch.optim.AdamW(build_param_groups(model, args.wd), lr=args.lr)
    steps_per_epoch = -(-len(train_loader) // args.accum)
    scheduler = cosine_with_warmup(optimizer, args.warmup_epochs * steps_per_epoch, args.epochs * steps_per_epoch)

    trainer = Trainer(model, optimizer, scheduler, device, accum_steps=args.accum, use_amp=not args.no_amp)
    best = 0.0
    for epoch in range(args.epochs):
        train_loss = trainer.train_epoch(train_loader, epoch)
        acc = trainer.evaluate(val_loader)
        logger.info("epoch %d: train_loss=%.4f val_acc=%.4f", epoch, train_loss, acc)
        if acc > best:
            best = acc
            torch.save(model.state_dict(), os.path.join(args.out, "best.pth"))
    logger.info("best val acc %.4f", best)


if __name__ == "__main__":
    main()
