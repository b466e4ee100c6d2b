import argparse

import torch
import torch.nn as nn
import torchvision
import yaml
from torch.utils.data import DataLoader
from torchvision import transforms as T

from lib import NTXentLoss, SimCLRTrainer, build_optimizer, build_scheduler

DEFAULT_CFG = {
    "data_root": "./data",
    "epochs": 200,
    "batch_size": 512,
    "base_lr": 0.3,
    "min_lr": 0.0,
    "weight_decay": 1e-6,
    "optimizer": "sgd",
    "temperature": 0.5,
    "proj_dim": 128,
    "amp": True,
    "log_every": 50,
    "save_every": 20,
    "workers": 8,
    "out_dir": "runs/simclr",
}


class TwoCrops:
    def __init__(self, base):
        self.base = base

    def __call__(self, x):
        return self.base(x), self.base(x)


def simclr_augment(size=96):
    color = T.ColorJitter(0.8, 0.8, 0.8, 0.2)
    return T.Compose([
        T.RandomResizedCrop(size), T.RandomHorizontalFlip(), T.RandomApply([color], p=0.8),
        T.RandomGrayscale(p=0.2), T.GaussianBlur(9), T.ToTensor(),
        T.Normalize((0.4467, 0.4398, 0.4066), (0.2603, 0.2566, 0.2713)),
    ])


class SimCLRNet(nn.Module):
    def __init__(self, proj_dim):
        super().__init__()
        self.encoder = torchvision.models.resnet18(weights=None)
        dim = self.encoder.fc.in_features
        self.encoder.fc = nn.Identity()
        self.projector = nn.Sequential(nn.Linear(dim, dim), nn.ReLU(inplace=True), nn.Linear(dim, proj_dim))

    def forward(self, x):
        return self.projector(self.encoder(x))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", default=None)
    args = ap.parse_args()
    cfg = dict(DEFAULT_CFG)
    if args.config:
        with open(args.config) as f:
            cfg.update(yaml.safe_load(f))

    dataset = torchvision.datasets.STL10(cfg["data_root"], split="unlabeled", download=True,
                                         transform=TwoCrops(simclr_augment()))
    loader = DataLoader(dataset, batch_size=cfg["batch_size"], shuffle=True, drop_last=True,
                        num_workers=cfg["workers"], pin_memory=True)

    device = torch.device("cuda")
    model = SimCLRNet(cfg["proj_dim"]).to(device)
    optimizer = build_optimizer(cfg, model)
    scheduler = build_scheduler(cfg, optimizer)
    trainer = SimCLRTrainer(cfg, model, NTXentLoss(cfg["temperature"]), optimizer, scheduler, device)  # <- TL011
    trainer.fit(loader)


if __name__ == "__main__":
    main()
