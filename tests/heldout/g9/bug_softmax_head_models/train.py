import os
import time
from dataclasses import dataclass

import torch
import torch.nn as nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

from models import build_model


@dataclass
class Config:
    data_dir: str = "./input/leaf-disease"
    arch: str = "resnet34"
    num_classes: int = 5
    pretrained: bool = True
    dropout: float = 0.3
    img_size: int = 384
    batch_size: int = 32
    epochs: int = 12
    lr: float = 3e-4
    weight_decay: float = 1e-4
    label_smoothing: float = 0.1
    num_workers: int = 4
    out_dir: str = "./checkpoints"


def make_loaders(cfg):
    mean, std = (0.485, 0.456, 0.406), (0.229, 0.224, 0.225)
    train_tf = transforms.Compose([
        transforms.RandomResizedCrop(cfg.img_size, scale=(0.6, 1.0)),
        transforms.RandomHorizontalFlip(),
        transforms.RandomVerticalFlip(),
        transforms.ColorJitter(0.2, 0.2, 0.2),
        transforms.ToTensor(),
        transforms.Normalize(mean, std),
    ])
    valid_tf = transforms.Compose([
        transforms.Resize((cfg.img_size, cfg.img_size)),
        transforms.ToTensor(),
        transforms.Normalize(mean, std),
    ])
    train_ds = datasets.ImageFolder(os.path.join(cfg.data_dir, "train"), train_tf)
    valid_ds = datasets.ImageFolder(os.path.join(cfg.data_dir, "valid"), valid_tf)
    train_dl = DataLoader(train_ds, batch_size=cfg.batch_size, shuffle=True,
                          num_workers=cfg.num_workers, pin_memory=True, drop_last=True)
    valid_dl = DataLoader(valid_ds, batch_size=cfg.batch_size * 2, shuffle=False,
                          num_workers=cfg.num_workers, pin_memory=True)
    return train_dl, valid_dl


class Trainer:
    def __init__(self, cfg, model, device):
        self.cfg = cfg
        self.device = device
        self.model = model.to(device)
        self.criterion = nn.CrossEntropyLoss(label_smoothing=cfg.label_smoothing)
        self.optimizer = torch.optim.AdamW(model.parameters(), lr=cfg.lr,
                                           weight_decay=cfg.weight_decay)
        self.scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(self.optimizer, T_max=cfg.epochs)
        self.best_acc = 0.0

    def train_epoch(self, loader):
        self.model.train()
        running, n = 0.0, 0
        for images, labels in loader:
            images = images.to(self.device, non_blocking=True)
            labels = labels.to(self.device, non_blocking=True)
            self.optimizer.zero_grad()
            outputs = self.model(images)
            loss = self.criterion(outputs, labels)  # <- TL003
            loss.backward()
            self.optimizer.step()
            running += loss.item() * images.size(0)
            n += images.size(0)
        return running / n

    @torch.no_grad()
    def validate(self, loader):
        self.model.eval()
        correct, total, loss_sum = 0, 0, 0.0
        for images, labels in loader:
            images = images.to(self.device, non_blocking=True)
            labels = labels.to(self.device, non_blocking=True)
            outputs = self.model(images)
            loss_sum += self.criterion(outputs, labels).item() * images.size(0)  # <- TL003
            correct += (outputs.argmax(dim=1) == labels).sum().item()
            total += labels.size(0)
        return loss_sum / total, correct / total

    def fit(self, train_dl, valid_dl):
        os.makedirs(self.cfg.out_dir, exist_ok=True)
        for epoch in range(self.cfg.epochs):
            t0 = time.time()
            train_loss = self.train_epoch(train_dl)
            val_loss, val_acc = self.validate(valid_dl)
            self.scheduler.step()
            print(f"epoch {epoch + 1}/{self.cfg.epochs} train_loss={train_loss:.4f} "
                  f"val_loss={val_loss:.4f} val_acc={val_acc:.4f} ({time.time() - t0:.0f}s)")
            if val_acc > self.best_acc:
                self.best_acc = val_acc
                torch.save(self.model.state_dict(), os.path.join(self.cfg.out_dir, f"{self.cfg.arch}_best.pth"))


def main():
    cfg = Config()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_dl, valid_dl = make_loaders(cfg)
    model = build_model(cfg)
    trainer = Trainer(cfg, model, device)
    trainer.fit(train_dl, valid_dl)
    print(f"best val acc: {trainer.best_acc:.4f}")


if __name__ == "__main__":
    main()
