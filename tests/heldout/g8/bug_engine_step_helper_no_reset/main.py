import argparse
import json
import os

import torch
import torch.nn as nn
import torchvision.transforms.v2 as T
from torch.utils.data import DataLoader
from torchvision.datasets import VOCSegmentation
from torchvision import tv_tensors

from engine import evaluate, train_one_epoch
from utils.misc import cosine_lr


class TinyFCN(nn.Module):
    def __init__(self, num_classes=21, width=64):
        super().__init__()

        def block(i, o):
            return nn.Sequential(nn.Conv2d(i, o, 3, padding=1, bias=False),
                                 nn.BatchNorm2d(o), nn.ReLU(inplace=True))

        self.enc1, self.enc2, self.enc3 = block(3, width), block(width, 2 * width), block(2 * width, 4 * width)
        self.pool = nn.MaxPool2d(2)
        self.up = nn.Upsample(scale_factor=4, mode="bilinear", align_corners=False)
        self.head = nn.Conv2d(4 * width, num_classes, 1)

    def forward(self, x):
        x = self.pool(self.enc2(self.pool(self.enc1(x))))
        return self.up(self.head(self.enc3(x)))


def get_args():
    p = argparse.ArgumentParser("tiny fcn on VOC")
    p.add_argument("--data-path", default="./VOC")
    p.add_argument("--epochs", type=int, default=40)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--batch-size", type=int, default=16)
    p.add_argument("--clip-max-norm", type=float, default=0.1)
    p.add_argument("--output-dir", default="output")
    return p.parse_args()


def main(args):
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    tf_train = T.Compose([T.RandomResizedCrop(256, antialias=True), T.RandomHorizontalFlip(),
                          T.ToImage(), T.ToDtype({tv_tensors.Image: torch.float32, "others": None}, scale=True),
                          T.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])
    tf_val = T.Compose([T.Resize(256, antialias=True), T.CenterCrop(256), T.ToImage(),
                        T.ToDtype({tv_tensors.Image: torch.float32, "others": None}, scale=True),
                        T.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])
    ds_train = VOCSegmentation(args.data_path, image_set="train", transforms=tf_train)
    ds_val = VOCSegmentation(args.data_path, image_set="val", transforms=tf_val)
    train_loader = DataLoader(ds_train, batch_size=args.batch_size, shuffle=True, num_workers=4,
                              drop_last=True)
    val_loader = DataLoader(ds_val, batch_size=8, num_workers=4)

    model = TinyFCN().to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    os.makedirs(args.output_dir, exist_ok=True)

    for epoch in range(args.epochs):
        for g in optimizer.param_groups:
            g["lr"] = cosine_lr(args.lr, epoch, args.epochs)
        stats = train_one_epoch(model, train_loader, optimizer, device, epoch, num_classes=21,
                                max_norm=args.clip_max_norm)
        miou = evaluate(model, val_loader, device, num_classes=21)
        stats.update(epoch=epoch, miou=miou)
        with open(os.path.join(args.output_dir, "log.txt"), "a") as f:
            f.write(json.dumps(stats) + "\n")
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                    "epoch": epoch}, os.path.join(args.output_dir, "checkpoint.pth"))


if __name__ == "__main__":
    main(get_args())
