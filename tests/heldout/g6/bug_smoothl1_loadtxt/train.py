"""Battery remaining-useful-life regression from cycle summary features.

Usage: python train.py --data cycles.csv
"""
import argparse
from dataclasses import dataclass, asdict

import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset, random_split
from tqdm import tqdm


@dataclass
class Config:
    data: str = "cycles.csv"
    batch_size: int = 64
    epochs: int = 100
    lr: float = 5e-4
    weight_decay: float = 1e-4
    accum_steps: int = 2
    beta: float = 0.5
    val_frac: float = 0.2
    seed: int = 7


def load_cycles(path):
    raw = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float32)
    X, y = raw[:, :-1], raw[:, -1]
    mu, sd = X.mean(axis=0), X.std(axis=0) + 1e-6
    X = (X - mu) / sd
    y = np.log1p(y)
    return TensorDataset(torch.from_numpy(X), torch.from_numpy(y))


def build_model(n_in):
    return nn.Sequential(
        nn.Linear(n_in, 128),
        nn.GELU(),
        nn.Dropout(0.1),
        nn.Linear(128, 64),
        nn.GELU(),
        nn.Linear(64, 1),
    )


class RULTrainer:
    def __init__(self, cfg, model, device):
        self.cfg = cfg
        self.device = device
        self.model = model.to(device)
        self.loss_fn = nn.SmoothL1Loss(beta=cfg.beta)
        self.opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
        self.sched = torch.optim.lr_scheduler.CosineAnnealingLR(self.opt, T_max=cfg.epochs)

    def train_epoch(self, loader, epoch):
        self.model.train()
        self.opt.zero_grad()
        running = 0.0
        pbar = tqdm(loader, desc=f"epoch {epoch}", leave=False)
        for i, (feats, target) in enumerate(pbar):
            feats = feats.to(self.device)
            target = target.to(self.device)
            out = self.model(feats)
            loss = self.loss_fn(out, target)  # EXPECT: TL009  # <- TL009
            (loss / self.cfg.accum_steps).backward()
            if (i + 1) % self.cfg.accum_steps == 0 or (i + 1) == len(loader):
                nn.utils.clip_grad_norm_(self.model.parameters(), 1.0)
                self.opt.step()
                self.opt.zero_grad()
            running += loss.item()
            pbar.set_postfix(loss=f"{running / (i + 1):.4f}")
        self.sched.step()
        return running / len(loader)

    @torch.no_grad()
    def validate(self, loader):
        self.model.eval()
        abs_err, n = 0.0, 0
        for feats, target in loader:
            feats, target = feats.to(self.device), target.to(self.device)
            pred = self.model(feats).flatten()
            abs_err += (torch.expm1(pred) - torch.expm1(target)).abs().sum().item()
            n += target.numel()
        return abs_err / n


def main():
    parser = argparse.ArgumentParser()
    for name, value in asdict(Config()).items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=type(value), default=value)
    cfg = Config(**vars(parser.parse_args()))

    torch.manual_seed(cfg.seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

    ds = load_cycles(cfg.data)  # <- TL005 (a second, real leak the writer did not label)
    n_val = int(len(ds) * cfg.val_frac)
    train_ds, val_ds = random_split(ds, [len(ds) - n_val, n_val],
                                    generator=torch.Generator().manual_seed(cfg.seed))
    train_loader = DataLoader(train_ds, batch_size=cfg.batch_size, shuffle=True)
    val_loader = DataLoader(val_ds, batch_size=256)

    n_in = ds.tensors[0].shape[1]
    trainer = RULTrainer(cfg, build_model(n_in), device)
    best = float("inf")
    for epoch in range(cfg.epochs):
        train_loss = trainer.train_epoch(train_loader, epoch)
        mae = trainer.validate(val_loader)
        print(f"epoch {epoch:03d} train {train_loss:.4f} val MAE (cycles) {mae:.2f}")
        if mae < best:
            best = mae
            torch.save(trainer.model.state_dict(), "rul_mlp.pt")


if __name__ == "__main__":
    main()
