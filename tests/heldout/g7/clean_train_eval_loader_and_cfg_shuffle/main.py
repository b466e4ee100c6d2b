import argparse

import torch
import torch.nn as nn
from torch.utils.data import random_split
from torchvision import datasets, transforms

from config import TrainConfig
from trainer import Trainer


def small_cnn(n_classes):
    def block(cin, cout):
        return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(), nn.MaxPool2d(2))

    return nn.Sequential(block(3, 32), block(32, 64), block(64, 128), block(128, 256),
                         nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.3), nn.Linear(256, n_classes))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-shuffle", action="store_true", help="debug: deterministic batch order")
    ap.add_argument("--epochs", type=int, default=None)
    args = ap.parse_args()

    cfg = TrainConfig()
    if args.no_shuffle:
        cfg.shuffle = False
    if args.epochs:
        cfg.epochs = args.epochs

    tfm = transforms.Compose([transforms.Resize(cfg.image_size), transforms.ToTensor(),
                              transforms.Normalize([0.344, 0.380, 0.408], [0.203, 0.137, 0.116])])
    full = datasets.ImageFolder(cfg.data_dir, transform=tfm)
    n_val = len(full) // 5
    train_set, val_set = random_split(full, [len(full) - n_val, n_val], generator=torch.Generator().manual_seed(0))

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    Trainer(cfg, small_cnn(len(cfg.classes)), train_set, val_set, device).fit()


if __name__ == "__main__":
    main()
