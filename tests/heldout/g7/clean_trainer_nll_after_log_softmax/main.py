import argparse
import logging

import torch
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

from src.model import TinyViT
from src.trainer import Trainer


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=100)
    ap.add_argument("--bs", type=int, default=256)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--smoothing", type=float, default=0.1)
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO)

    norm = transforms.Normalize((0.4914, 0.4822, 0.4465), (0.2470, 0.2435, 0.2616))
    train_tf = transforms.Compose([transforms.RandomCrop(32, 4), transforms.RandomHorizontalFlip(),
                                   transforms.TrivialAugmentWide(), transforms.ToTensor(), norm])
    val_tf = transforms.Compose([transforms.ToTensor(), norm])
    train_set = datasets.CIFAR10("data", train=True, download=True, transform=train_tf)
    val_set = datasets.CIFAR10("data", train=False, download=True, transform=val_tf)
    train_loader = DataLoader(train_set, batch_size=args.bs, shuffle=True, num_workers=8, drop_last=True)
    val_loader = DataLoader(val_set, batch_size=512, num_workers=8)

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model = TinyViT().to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.05)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, args.lr, total_steps=args.epochs * len(train_loader))
    trainer = Trainer(model, optimizer, scheduler, train_loader, val_loader, device, args.smoothing)

    for epoch in range(args.epochs):
        conf = trainer.train_epoch(epoch)
        acc = trainer.evaluate()
        logging.info("epoch %d mean train confidence %.3f val acc %.4f", epoch, conf, acc)
    torch.save(model.state_dict(), "tinyvit_cifar10.pt")


if __name__ == "__main__":
    main()
