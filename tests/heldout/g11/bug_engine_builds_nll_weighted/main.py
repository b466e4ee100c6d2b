import argparse
import logging
from collections import Counter

import torch
import yaml
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

from engine import Engine
from networks.classifier import ResNetClassifier


def load_config(path):
    with open(path) as f:
        cfg = yaml.safe_load(f)
    cfg.setdefault("arch", "resnet50")
    cfg.setdefault("epochs", 25)
    cfg.setdefault("batch_size", 48)
    cfg.setdefault("lr", 1e-3)
    cfg.setdefault("img_size", 320)
    return cfg


def build_datasets(cfg):
    normalize = transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])
    train_tf = transforms.Compose([
        transforms.RandomResizedCrop(cfg["img_size"], scale=(0.6, 1.0)),
        transforms.RandomHorizontalFlip(),
        transforms.RandAugment(num_ops=2, magnitude=9),
        transforms.ToTensor(),
        normalize,
    ])
    val_tf = transforms.Compose([
        transforms.Resize(int(cfg["img_size"] * 1.14)),
        transforms.CenterCrop(cfg["img_size"]),
        transforms.ToTensor(),
        normalize,
    ])
    train_ds = datasets.ImageFolder(f"{cfg['data_root']}/train", transform=train_tf)
    val_ds = datasets.ImageFolder(f"{cfg['data_root']}/val", transform=val_tf)
    return train_ds, val_ds


def inverse_frequency_weights(targets, num_classes):
    counts = Counter(targets)
    total = sum(counts.values())
    return [total / (num_classes * counts.get(c, 1)) for c in range(num_classes)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", default="configs/plant_disease.yaml")
    parser.add_argument("--out", default="runs/resnet50")
    args = parser.parse_args()

    logging.basicConfig(level=logging.INFO, format="%(asctime)s | %(message)s")
    cfg = load_config(args.config)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

    train_ds, val_ds = build_datasets(cfg)
    num_classes = len(train_ds.classes)
    weights = inverse_frequency_weights(train_ds.targets, num_classes)

    train_loader = DataLoader(train_ds, batch_size=cfg["batch_size"], shuffle=True, num_workers=8, pin_memory=True)
    val_loader = DataLoader(val_ds, batch_size=cfg["batch_size"], num_workers=8)

    model = ResNetClassifier(num_classes, arch=cfg["arch"])
    optimizer = torch.optim.AdamW(model.param_groups(cfg["lr"]), weight_decay=0.05)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(
        optimizer,
        max_lr=[g["lr"] for g in optimizer.param_groups],
        epochs=cfg["epochs"],
        steps_per_epoch=len(train_loader),
    )

    engine = Engine(model, optimizer, scheduler, device, class_weights=weights, out_dir=args.out)  # <- TL008
    best = engine.train(train_loader, val_loader, cfg["epochs"])
    logging.info("done, best val acc %.2f%%", 100 * best)


if __name__ == "__main__":
    main()
