import argparse

import torch
import torch.nn as nn
import torchvision
from torch.utils.data import DataLoader

from engine import evaluate, train_one_epoch
from transforms import SegEval, SegTrain


def get_args():
    p = argparse.ArgumentParser("VOC segmentation")
    p.add_argument("--data-path", default="/datasets/VOC")
    p.add_argument("--epochs", type=int, default=30)
    p.add_argument("-b", "--batch-size", type=int, default=8)
    p.add_argument("-j", "--workers", type=int, default=8)
    p.add_argument("--lr", type=float, default=0.02)
    p.add_argument("--amp", action="store_true")
    return p.parse_args()


def main(args):
    device = torch.device("cuda")
    train_ds = torchvision.datasets.VOCSegmentation(args.data_path, image_set="train", transforms=SegTrain(520, 480))
    val_ds = torchvision.datasets.VOCSegmentation(args.data_path, image_set="val", transforms=SegEval(520))

    train_loader = DataLoader(train_ds, batch_size=args.batch_size, num_workers=args.workers, drop_last=True)  # EXPECT: TL016  # <- TL016
    val_loader = DataLoader(val_ds, batch_size=1, num_workers=args.workers)

    model = torchvision.models.segmentation.fcn_resnet50(num_classes=21, weights_backbone="IMAGENET1K_V1")
    model.to(device)
    params = [
        {"params": [p for p in model.backbone.parameters() if p.requires_grad]},
        {"params": [p for p in model.classifier.parameters() if p.requires_grad]},
    ]
    optimizer = torch.optim.SGD(params, lr=args.lr, momentum=0.9, weight_decay=1e-4)
    iters = len(train_loader) * args.epochs
    lr_scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda it: (1 - it / iters) ** 0.9)
    criterion = nn.CrossEntropyLoss(ignore_index=255)
    scaler = torch.cuda.amp.GradScaler() if args.amp else None

    for epoch in range(args.epochs):
        train_one_epoch(model, criterion, train_loader, optimizer, lr_scheduler, device, epoch, scaler)
        miou = evaluate(model, val_loader, device, num_classes=21)
        print(f"epoch {epoch}: mIoU {miou:.4f}")
        torch.save({"model": model.state_dict(), "epoch": epoch}, f"fcn_epoch{epoch}.pth")


if __name__ == "__main__":
    main(get_args())
