import json
import os

import torch
import torch.nn as nn
import torchvision
import torchvision.transforms as T
from torch.utils.data import DataLoader

from engine import Engine, cosine_with_warmup

CONFIG = {
    "data_root": "./data",
    "out_dir": "./runs/resnet18_cifar100",
    "epochs": 40,
    "batch_size": 128,
    "lr": 0.1,
    "momentum": 0.9,
    "weight_decay": 5e-4,
    "warmup_epochs": 2,
    "num_workers": 4,
    "pretrained": True,
}

MEAN, STD = (0.5071, 0.4865, 0.4409), (0.2673, 0.2564, 0.2762)


def build_loaders(cfg):
    train_tf = T.Compose([
        T.RandomResizedCrop(224, scale=(0.6, 1.0)),
        T.RandomHorizontalFlip(),
        T.ToTensor(),
        T.Normalize(MEAN, STD),
    ])
    test_tf = T.Compose([T.Resize(224), T.ToTensor(), T.Normalize(MEAN, STD)])
    train_set = torchvision.datasets.CIFAR100(cfg["data_root"], train=True, download=True, transform=train_tf)
    test_set = torchvision.datasets.CIFAR100(cfg["data_root"], train=False, download=True, transform=test_tf)
    train_loader = DataLoader(train_set, batch_size=cfg["batch_size"], shuffle=True,
                              num_workers=cfg["num_workers"], pin_memory=True, drop_last=True)
    test_loader = DataLoader(test_set, batch_size=256, shuffle=False,
                             num_workers=cfg["num_workers"], pin_memory=True)
    return train_loader, test_loader


def build_model(num_classes, pretrained):
    weights = torchvision.models.ResNet18_Weights.IMAGENET1K_V1 if pretrained else None
    net = torchvision.models.resnet18(weights=weights)
    net.fc = nn.Linear(net.fc.in_features, num_classes)
    return net


def main(cfg):
    os.makedirs(cfg["out_dir"], exist_ok=True)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    train_loader, test_loader = build_loaders(cfg)

    net = build_model(100, cfg["pretrained"]).to(device)
    optimizer = torch.optim.SGD(net.parameters(), lr=cfg["lr"], momentum=cfg["momentum"],
                                weight_decay=cfg["weight_decay"], nesterov=True)
    steps_per_epoch = len(train_loader)
    scheduler = cosine_with_warmup(optimizer, cfg["warmup_epochs"] * steps_per_epoch,
                                   cfg["epochs"] * steps_per_epoch)
    engine = Engine(net, optimizer, scheduler, device=device)

    history = []
    best = 0.0
    for epoch in range(cfg["epochs"]):
        train_loss = engine.train_epoch(train_loader, epoch)
        metrics = engine.evaluate(test_loader)
        metrics.update(epoch=epoch, train_loss=train_loss)
        history.append(metrics)
        print(json.dumps(metrics))
        if metrics["top1"] > best:
            best = metrics["top1"]
            torch.save(net.state_dict(), os.path.join(cfg["out_dir"], "best.pth"))

    with open(os.path.join(cfg["out_dir"], "history.json"), "w") as f:
        json.dump(history, f, indent=2)
    print(f"best top1: {best:.2f}")


if __name__ == "__main__":
    main(CONFIG)
