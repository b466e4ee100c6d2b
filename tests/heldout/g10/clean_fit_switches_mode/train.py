import argparse

import torch
import torch.nn as nn
from torch.utils.data import DataLoader
from torchvision import datasets, models, transforms

from engine import StepTrainer


def parse():
    p = argparse.ArgumentParser("fine-tune MobileNetV3 on an ImageFolder dataset")
    p.add_argument("data_dir")
    p.add_argument("--steps", type=int, default=15000)
    p.add_argument("--eval-every", type=int, default=500)
    p.add_argument("--bs", type=int, default=64)
    p.add_argument("--lr", type=float, default=0.05)
    p.add_argument("--workers", type=int, default=8)
    return p.parse_args()


def loaders(root, bs, workers):
    normalize = transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])
    train_tf = transforms.Compose([
        transforms.RandomResizedCrop(224),
        transforms.RandomHorizontalFlip(),
        transforms.ColorJitter(0.3, 0.3, 0.3),
        transforms.ToTensor(),
        normalize,
    ])
    val_tf = transforms.Compose([
        transforms.Resize(256),
        transforms.CenterCrop(224),
        transforms.ToTensor(),
        normalize,
    ])
    train_ds = datasets.ImageFolder(f"{root}/train", train_tf)
    val_ds = datasets.ImageFolder(f"{root}/val", val_tf)
    return (
        DataLoader(train_ds, bs, shuffle=True, num_workers=workers, pin_memory=True, drop_last=True),
        DataLoader(val_ds, bs * 2, shuffle=False, num_workers=workers, pin_memory=True),
        len(train_ds.classes),
    )


def main():
    args = parse()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_loader, val_loader, n_classes = loaders(args.data_dir, args.bs, args.workers)

    net = models.mobilenet_v3_large(weights=models.MobileNet_V3_Large_Weights.DEFAULT)
    net.classifier[-1] = nn.Linear(net.classifier[-1].in_features, n_classes)

    opt = torch.optim.SGD(net.parameters(), lr=args.lr, momentum=0.9, weight_decay=4e-5)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=args.steps)
    trainer = StepTrainer(net, opt, sched, device, max_steps=args.steps, eval_every=args.eval_every)
    best = trainer.fit(train_loader, val_loader)
    print(f"done, best val acc {best:.4f}")


if __name__ == "__main__":
    main()
