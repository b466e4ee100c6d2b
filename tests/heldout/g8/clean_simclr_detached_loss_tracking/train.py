import argparse
import os

import torch
import torch.nn as nn
import torchvision
import torchvision.transforms as T
from torch.cuda.amp import GradScaler
from torch.utils.data import DataLoader

from engine import embedding_quality, pretrain_epoch
from losses import NTXentLoss


class TwoViews:
    def __init__(self, base):
        self.base = base

    def __call__(self, x):
        return self.base(x), self.base(x)


def simclr_transform(size=32):
    return T.Compose([
        T.RandomResizedCrop(size, scale=(0.2, 1.0)),
        T.RandomHorizontalFlip(),
        T.RandomApply([T.ColorJitter(0.4, 0.4, 0.4, 0.1)], p=0.8),
        T.RandomGrayscale(p=0.2),
        T.ToTensor(),
        T.Normalize((0.4914, 0.4822, 0.4465), (0.2470, 0.2435, 0.2616)),
    ])


class SimCLR(nn.Module):
    def __init__(self, proj_dim=128):
        super().__init__()
        backbone = torchvision.models.resnet18(num_classes=10)
        backbone.conv1 = nn.Conv2d(3, 64, 3, 1, 1, bias=False)
        backbone.maxpool = nn.Identity()
        feat_dim = backbone.fc.in_features
        backbone.fc = nn.Identity()
        self.encoder = backbone
        self.projector = nn.Sequential(nn.Linear(feat_dim, 512), nn.BatchNorm1d(512), nn.ReLU(),
                                       nn.Linear(512, proj_dim))

    def forward(self, x):
        return self.projector(self.encoder(x))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="./data")
    ap.add_argument("--epochs", type=int, default=200)
    ap.add_argument("--bs", type=int, default=512)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--temperature", type=float, default=0.5)
    ap.add_argument("--out", default="simclr_ckpt")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    ds = torchvision.datasets.CIFAR10(args.data, train=True, download=True,
                                      transform=TwoViews(simclr_transform()))
    val = torchvision.datasets.CIFAR10(args.data, train=False, download=True,
                                       transform=TwoViews(simclr_transform()))
    loader = DataLoader(ds, batch_size=args.bs, shuffle=True, num_workers=8, drop_last=True,
                        pin_memory=True)
    val_loader = DataLoader(val, batch_size=args.bs, num_workers=8, drop_last=True)

    model = SimCLR().to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr, weight_decay=1e-6)
    scaler = GradScaler(enabled=device.type == "cuda")
    criterion = NTXentLoss(args.temperature)

    for epoch in range(args.epochs):
        mean_loss, curve = pretrain_epoch(model, loader, criterion, optimizer, scaler, device,
                                          epoch, use_amp=scaler.is_enabled())
        align, unif = embedding_quality(model, val_loader, device)
        print(f"epoch {epoch}: loss {mean_loss:.4f} (min {curve.min():.4f}) "
              f"align {align:.3f} unif {unif:.3f}")
        if (epoch + 1) % 10 == 0:
            torch.save(model.state_dict(), os.path.join(args.out, f"simclr_{epoch + 1}.pt"))


if __name__ == "__main__":
    main()
