import argparse
import logging
import os

import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

from core.setup import setup_training

logging.basicConfig(level=logging.INFO, format="[%(asctime)s] %(levelname)s %(message)s")
logger = logging.getLogger("finetune")


def parse_args():
    ap = argparse.ArgumentParser("fine-tune an ImageNet backbone on an ImageFolder dataset")
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("--output-dir", default="output")
    ap.add_argument("--arch", default="resnet50")
    ap.add_argument("--num-classes", type=int, required=True)
    ap.add_argument("--no-pretrained", action="store_true")
    ap.add_argument("--init-from", default="", help="path to a full pretrained model (.pt)")
    ap.add_argument("--drop", type=float, default=0.2)
    ap.add_argument("--opt", default="sgd")
    ap.add_argument("--lr", type=float, default=0.01)
    ap.add_argument("--momentum", type=float, default=0.9)
    ap.add_argument("--weight-decay", type=float, default=1e-4)
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--warmup-epochs", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--img-size", type=int, default=224)
    ap.add_argument("--workers", type=int, default=8)
    return ap.parse_args()


def build_loaders(args):
    norm = transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])
    train_tf = transforms.Compose([
        transforms.RandomResizedCrop(args.img_size, scale=(0.3, 1.0)),
        transforms.RandomHorizontalFlip(),
        transforms.ColorJitter(0.2, 0.2, 0.2),
        transforms.ToTensor(), norm,
    ])
    val_tf = transforms.Compose([
        transforms.Resize(int(args.img_size * 1.14)),
        transforms.CenterCrop(args.img_size),
        transforms.ToTensor(), norm,
    ])
    train_ds = datasets.ImageFolder(os.path.join(args.data_dir, "train"), train_tf)
    val_ds = datasets.ImageFolder(os.path.join(args.data_dir, "val"), val_tf)
    train_dl = DataLoader(train_ds, args.batch_size, shuffle=True, num_workers=args.workers,
                          pin_memory=True, drop_last=True, persistent_workers=True)
    val_dl = DataLoader(val_ds, args.batch_size * 2, shuffle=False, num_workers=args.workers,
                        pin_memory=True)
    return train_dl, val_dl


def train_one_epoch(model, loader, optimizer, scheduler, device, log_every=50):
    model.train()
    for step, (x, y) in enumerate(loader):
        x, y = x.to(device, non_blocking=True), y.to(device, non_blocking=True)
        loss = F.cross_entropy(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        scheduler.step()
        if step % log_every == 0:
            logger.info("step %d/%d loss %.4f lr %.2e", step, len(loader), loss.item(),
                        optimizer.param_groups[0]["lr"])


@torch.no_grad()
def evaluate(model, loader, device):
    model.eval()
    correct = total = 0
    for x, y in loader:
        x, y = x.to(device, non_blocking=True), y.to(device, non_blocking=True)
        correct += (model(x).argmax(1) == y).sum().item()
        total += y.size(0)
    return 100.0 * correct / total


def main():
    args = parse_args()
    os.makedirs(args.output_dir, exist_ok=True)
    device = torch.device("cuda")

    train_dl, val_dl = build_loaders(args)
    model, optimizer, scheduler = setup_training(args, len(train_dl), device)

    best = 0.0
    for epoch in range(args.epochs):
        train_one_epoch(model, train_dl, optimizer, scheduler, device)
        acc = evaluate(model, val_dl, device)
        logger.info("epoch %d  top1 %.2f", epoch, acc)
        if acc > best:
            best = acc
            torch.save(model.state_dict(), os.path.join(args.output_dir, "best.pth"))
    logger.info("best top1 %.2f", best)


if __name__ == "__main__":
    main()
