"""Fine-tune a pretrained image classifier on a folder dataset."""
import argparse
import logging
import os
from dataclasses import dataclass

import torch
import torch.nn as nn
import torchvision
import torchvision.transforms as T
from torch.utils.data import DataLoader
from torchvision.datasets import ImageFolder

logger = logging.getLogger(__name__)

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)


@dataclass
class Config:
    data_dir: str = "data/flowers"
    num_classes: int = 102
    epochs: int = 15
    batch_size: int = 64
    lr: float = 3e-4
    weight_decay: float = 0.05
    pretrained: str = ""
    out: str = "checkpoints"


class FinetuneTrainer:
    def __init__(self, cfg: Config):
        self.cfg = cfg
        self.device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
        self.model = torchvision.models.resnet50(weights=None)
        self.model.fc = nn.Linear(self.model.fc.in_features, cfg.num_classes)
        self.optim = torch.optim.AdamW(self.model.parameters(), lr=cfg.lr,
                                       weight_decay=cfg.weight_decay)
        self.crit = nn.CrossEntropyLoss()

    def load_pretrained(self, path):
        state = torch.load(path, map_location="cpu")
        state = {k: v for k, v in state.items() if not k.startswith("fc.")}
        missing, _ = self.model.load_state_dict(state, strict=False)
        logger.info("loaded %s (missing: %s)", path, missing)

    def to_device(self):
        self.model.to(self.device)
        if torch.cuda.device_count() > 1:
            logger.info("using %d GPUs", torch.cuda.device_count())
            self.model = nn.DataParallel(self.model)

    def train_one_epoch(self, loader):
        self.model.train()
        total, n = 0.0, 0
        for x, y in loader:
            x, y = x.to(self.device), y.to(self.device)
            self.optim.zero_grad()
            loss = self.crit(self.model(x), y)
            loss.backward()
            self.optim.step()
            total += loss.item() * x.size(0)
            n += x.size(0)
        return total / n

    @torch.no_grad()
    def evaluate(self, loader):
        self.model.eval()
        correct = n = 0
        for x, y in loader:
            x, y = x.to(self.device), y.to(self.device)
            correct += (self.model(x).argmax(1) == y).sum().item()
            n += y.size(0)
        return correct / n

    def save(self, name):
        os.makedirs(self.cfg.out, exist_ok=True)
        net = self.model.module if isinstance(self.model, nn.DataParallel) else self.model
        torch.save(net.state_dict(), os.path.join(self.cfg.out, name))


def make_loaders(cfg):
    train_tf = T.Compose([
        T.RandomResizedCrop(224),
        T.RandomHorizontalFlip(),
        T.ToTensor(),
        T.Normalize(IMAGENET_MEAN, IMAGENET_STD),
    ])
    val_tf = T.Compose([
        T.Resize(256),
        T.CenterCrop(224),
        T.ToTensor(),
        T.Normalize(IMAGENET_MEAN, IMAGENET_STD),
    ])
    train_ds = ImageFolder(os.path.join(cfg.data_dir, "train"), transform=train_tf)
    val_ds = ImageFolder(os.path.join(cfg.data_dir, "val"), transform=val_tf)
    return (DataLoader(train_ds, cfg.batch_size, shuffle=True, num_workers=8),
            DataLoader(val_ds, cfg.batch_size * 2, num_workers=8))


def main():
    logging.basicConfig(level=logging.INFO)
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", default=Config.data_dir)
    parser.add_argument("--pretrained", default="")
    parser.add_argument("--epochs", type=int, default=Config.epochs)
    args = parser.parse_args()
    cfg = Config(data_dir=args.data_dir, pretrained=args.pretrained, epochs=args.epochs)

    trainer = FinetuneTrainer(cfg)
    if cfg.pretrained:
        trainer.load_pretrained(cfg.pretrained)
    trainer.to_device()

    train_loader, val_loader = make_loaders(cfg)
    best = 0.0
    for epoch in range(cfg.epochs):
        loss = trainer.train_one_epoch(train_loader)
        acc = trainer.evaluate(val_loader)
        logger.info("epoch %d loss %.4f acc %.4f", epoch, loss, acc)
        if acc > best:
            best = acc
            trainer.save("best.pt")


if __name__ == "__main__":
    main()
