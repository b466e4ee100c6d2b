import argparse
import os

import torch
import torch.nn as nn
import torchvision
from torch.utils.data import DataLoader

from data import get_voc
from engine import evaluate, train_one_epoch
from utils import build_optimizer


def get_args():
    parser = argparse.ArgumentParser("DeepLabV3 fine-tuning on VOC")
    parser.add_argument("--data-path", default="/datasets/voc")
    parser.add_argument("--num-classes", type=int, default=21)
    parser.add_argument("--epochs", type=int, default=50)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--weight-decay", type=float, default=1e-4)
    parser.add_argument("--opt", default="sgd")
    parser.add_argument("--clip-max-norm", type=float, default=0.0)
    parser.add_argument("--output-dir", default="runs/deeplab")
    parser.add_argument("--workers", type=int, default=8)
    return parser.parse_args()


def build_datasets(root):
    return get_voc(root, "train"), get_voc(root, "val")


def main(args):
    device = torch.device("cuda")
    os.makedirs(args.output_dir, exist_ok=True)

    train_set, val_set = build_datasets(args.data_path)
    train_loader = DataLoader(train_set, batch_size=args.batch_size, shuffle=True,
                              num_workers=args.workers, drop_last=True, pin_memory=True)
    val_loader = DataLoader(val_set, batch_size=1, num_workers=args.workers)

    model = torchvision.models.segmentation.deeplabv3_resnet50(
        weights=None, weights_backbone="DEFAULT", num_classes=args.num_classes, aux_loss=True
    ).to(device)
    criterion = nn.CrossEntropyLoss(ignore_index=255)
    optimizer = build_optimizer(model, args.opt, lr=args.lr, weight_decay=args.weight_decay)
    lr_scheduler = torch.optim.lr_scheduler.PolynomialLR(optimizer, total_iters=args.epochs, power=0.9)

    best_miou = 0.0
    for epoch in range(args.epochs):
        train_one_epoch(model, criterion, train_loader, optimizer, device, epoch, args.clip_max_norm)
        lr_scheduler.step()
        acc, miou = evaluate(model, val_loader, device, args.num_classes)
        print(f"epoch {epoch}: pixel acc {acc:.4f} mIoU {miou:.4f}")
        ckpt = {"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "lr_scheduler": lr_scheduler.state_dict(), "epoch": epoch}
        torch.save(ckpt, os.path.join(args.output_dir, "checkpoint.pth"))
        if miou > best_miou:
            best_miou = miou
            torch.save(model.state_dict(), os.path.join(args.output_dir, "best.pth"))


if __name__ == "__main__":
    main(get_args())
