import argparse
import logging
import os

import torch
import torch.nn as nn
from torch.utils.data import DataLoader

from data import FoodDataset
from models import FoodClassifier

logging.basicConfig(format="%(asctime)s | %(message)s", level=logging.INFO)


def train_epoch(net, loader, opt, crit, device, scaler, epoch):
    net.train()
    total, n = 0.0, 0
    for step, (x, y) in enumerate(loader):
        x = x.to(device, non_blocking=True)
        y = y.to(device, non_blocking=True)
        opt.zero_grad(set_to_none=True)
        with torch.autocast("cuda", dtype=torch.bfloat16):
            loss = crit(net(x), y)
        scaler.scale(loss).backward()
        scaler.step(opt)
        scaler.update()
        total += loss.item() * x.size(0)
        n += x.size(0)
        if step % 200 == 0:
            logging.info("epoch %d step %d loss %.4f", epoch, step, loss.item())
    return total / n


@torch.no_grad()
def evaluate(net, loader, device):
    net.eval()
    top1, n = 0, 0
    for x, y in loader:
        x, y = x.to(device, non_blocking=True), y.to(device, non_blocking=True)
        top1 += (net(x).argmax(-1) == y).sum().item()
        n += y.numel()
    return top1 / n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default="/data/food-101")
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--bs", type=int, default=128)
    ap.add_argument("--lr", type=float, default=0.05)
    ap.add_argument("--workers", type=int, default=12)
    args = ap.parse_args()

    device = torch.device("cuda")
    train_ds = FoodDataset(args.root, "train")
    test_ds = FoodDataset(args.root, "test")
    train_dl = DataLoader(train_ds, batch_size=args.bs, shuffle=True, num_workers=args.workers,
                          pin_memory=True, drop_last=True, persistent_workers=True)
    test_dl = DataLoader(test_ds, batch_size=args.bs, num_workers=args.workers, pin_memory=True)

    net = FoodClassifier(num_classes=len(train_ds.classes)).to(device)
    crit = nn.CrossEntropyLoss(label_smoothing=0.1)
    opt = torch.optim.SGD(net.parameters(), lr=args.lr, momentum=0.9, weight_decay=4e-5)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=args.epochs)
    scaler = torch.cuda.amp.GradScaler(enabled=False)

    best = 0.0
    for epoch in range(args.epochs):
        loss = train_epoch(net, train_dl, opt, crit, device, scaler, epoch)
        acc = evaluate(net, test_dl, device)
        sched.step()
        logging.info("epoch %d: train_loss %.4f top1 %.4f lr %.5f", epoch, loss, acc, sched.get_last_lr()[0])
        if acc > best:
            best = acc
            torch.save(net.state_dict(), os.path.join(".", "food101_mbv3.pth"))


if __name__ == "__main__":
    main()
