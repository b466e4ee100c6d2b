import argparse

import torch
import torch.nn as nn
from torch.utils.data import DataLoader

from data import KEYWORDS, KeywordMFCC
from trainer import Trainer


class DSCNN(nn.Module):
    """Depthwise-separable CNN for keyword spotting (Zhang et al., Hello Edge)."""

    def __init__(self, n_classes, width=64, n_blocks=4):
        super().__init__()
        self.stem = nn.Sequential(
            nn.Conv2d(1, width, (10, 4), stride=(2, 2), padding=(5, 1), bias=False),
            nn.BatchNorm2d(width),
            nn.ReLU(inplace=True),
        )
        blocks = []
        for _ in range(n_blocks):
            blocks += [
                nn.Conv2d(width, width, 3, padding=1, groups=width, bias=False),
                nn.BatchNorm2d(width),
                nn.ReLU(inplace=True),
                nn.Conv2d(width, width, 1, bias=False),
                nn.BatchNorm2d(width),
                nn.ReLU(inplace=True),
            ]
        self.blocks = nn.Sequential(*blocks)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(width, n_classes)

    def forward(self, x):
        x = self.blocks(self.stem(x))
        return self.fc(torch.flatten(self.pool(x), 1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default="speech_commands_feats")
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--batch-size", type=int, default=100)
    ap.add_argument("--lr", type=float, default=5e-3)
    args = ap.parse_args()

    train_ds = KeywordMFCC(args.root, f"{args.root}/training_list.txt", spec_augment=True)
    val_ds = KeywordMFCC(args.root, f"{args.root}/validation_list.txt")
    train_loader = DataLoader(train_ds, batch_size=args.batch_size, shuffle=True,
                              num_workers=6, pin_memory=True, drop_last=True)
    val_loader = DataLoader(val_ds, batch_size=256, num_workers=6, pin_memory=True)

    model = DSCNN(n_classes=len(KEYWORDS) + 1).cuda()
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=args.lr, epochs=args.epochs, steps_per_epoch=len(train_loader)
    )
    trainer = Trainer(model, nn.CrossEntropyLoss(label_smoothing=0.05), optimizer, scheduler,  # <- TL015
                      train_loader, val_loader, args.epochs)
    best = trainer.fit()
    print(f"best validation accuracy {best:.4f}")


if __name__ == "__main__":
    main()
