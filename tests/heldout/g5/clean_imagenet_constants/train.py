import argparse
import logging

import timm
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, random_split

from src.dataset import LeafDiseaseDataset, TransformSubset
from src.transforms import build_transforms

logging.basicConfig(format="%(asctime)s | %(message)s", level=logging.INFO)
logger = logging.getLogger("cassava")


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--img-dir", default="input/train_images")
    p.add_argument("--csv", default="input/train.csv")
    p.add_argument("--arch", default="tf_efficientnet_b3_ns")
    p.add_argument("--img-size", type=int, default=384)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--bs", type=int, default=24)
    p.add_argument("--accum", type=int, default=2)
    p.add_argument("--lr", type=float, default=1e-4)
    p.add_argument("--val-frac", type=float, default=0.15)
    return p.parse_args()


def main():
    args = parse_args()
    device = torch.device("cuda")
    base = LeafDiseaseDataset(args.img_dir, args.csv, transform=None)
    n_val = int(len(base) * args.val_frac)
    train_part, val_part = random_split(base, [len(base) - n_val, n_val],
                                        generator=torch.Generator().manual_seed(719))
    train_ds = TransformSubset(base, train_part.indices, build_transforms(args.img_size, True))
    val_ds = TransformSubset(base, val_part.indices, build_transforms(args.img_size, False))
    train_dl = DataLoader(train_ds, batch_size=args.bs, shuffle=True, num_workers=8, drop_last=True)
    val_dl = DataLoader(val_ds, batch_size=args.bs * 2, num_workers=8)

    model = timm.create_model(args.arch, pretrained=True, num_classes=5).to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-6)
    sched = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=args.epochs, eta_min=1e-6)
    crit = nn.CrossEntropyLoss(label_smoothing=0.05)
    scaler = torch.cuda.amp.GradScaler()

    for epoch in range(args.epochs):
        model.train()
        opt.zero_grad()
        for step, (x, y) in enumerate(train_dl):
            x, y = x.to(device), y.to(device)
            with torch.cuda.amp.autocast():
                loss = crit(model(x), y) / args.accum
            scaler.scale(loss).backward()
            if (step + 1) % args.accum == 0:
                scaler.step(opt)
                scaler.update()
                opt.zero_grad()
        sched.step()

        model.eval()
        correct = n = 0
        with torch.no_grad(), torch.cuda.amp.autocast():
            for x, y in val_dl:
                correct += (model(x.to(device)).argmax(1).cpu() == y).sum().item()
                n += len(y)
        logger.info("epoch %d  last loss %.4f  val acc %.4f", epoch, loss.item() * args.accum, correct / n)
        torch.save(model.state_dict(), f"{args.arch}_e{epoch}.pth")


if __name__ == "__main__":
    main()
