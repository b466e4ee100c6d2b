import logging
from dataclasses import dataclass, field

import torch
import torch.nn as nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms
from tqdm import tqdm

from build import prepare
from qat import convert_int8, freeze_observers


@dataclass
class ModelConfig:
    num_classes: int = 10
    width_mult: float = 0.5
    float_ckpt: str = "checkpoints/tiny_mbv1_fp32.pth"


@dataclass
class OptimConfig:
    name: str = "sgd"
    lr: float = 1e-3
    weight_decay: float = 1e-5


@dataclass
class QATConfig:
    enabled: bool = True
    backend: str = "fbgemm"
    freeze_observer_epoch: int = 6


@dataclass
class Config:
    data_root: str = "./data"
    epochs: int = 10
    batch_size: int = 128
    workers: int = 4
    model: ModelConfig = field(default_factory=ModelConfig)
    optim: OptimConfig = field(default_factory=OptimConfig)
    qat: QATConfig = field(default_factory=QATConfig)


def loaders(cfg):
    tf_train = transforms.Compose([
        transforms.RandomCrop(32, padding=4), transforms.RandomHorizontalFlip(), transforms.ToTensor()
    ])
    tf_test = transforms.ToTensor()
    tr = datasets.CIFAR10(cfg.data_root, train=True, download=True, transform=tf_train)
    te = datasets.CIFAR10(cfg.data_root, train=False, download=True, transform=tf_test)
    return (DataLoader(tr, cfg.batch_size, shuffle=True, num_workers=cfg.workers, drop_last=True),
            DataLoader(te, 256, shuffle=False, num_workers=cfg.workers))


@torch.no_grad()
def accuracy(model, loader, device):
    model.eval()
    hits = n = 0
    for x, y in loader:
        out = model(x.to(device))
        hits += (out.argmax(1).cpu() == y).sum().item()
        n += len(y)
    return hits / n


def main():
    logging.basicConfig(level=logging.INFO)
    cfg = Config()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_dl, test_dl = loaders(cfg)

    model, optimizer, scheduler = prepare(cfg)
    model.to(device)
    criterion = nn.CrossEntropyLoss()

    for epoch in range(cfg.epochs):
        model.train()
        if cfg.qat.enabled and epoch >= cfg.qat.freeze_observer_epoch:
            freeze_observers(model)
        bar = tqdm(train_dl, desc=f"qat epoch {epoch}")
        for x, y in bar:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss = criterion(model(x), y)
            loss.backward()
            optimizer.step()
            bar.set_postfix(loss=loss.item())
        scheduler.step()
        logging.info("epoch %d fake-quant acc %.4f", epoch, accuracy(model, test_dl, device))

    int8_model = convert_int8(model)
    logging.info("int8 acc (cpu) %.4f", accuracy(int8_model, test_dl, torch.device("cpu")))
    torch.jit.save(torch.jit.script(int8_model), "tiny_mbv1_int8.pt")


if __name__ == "__main__":
    main()
