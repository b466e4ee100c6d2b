from dataclasses import dataclass
from itertools import islice

import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split
from torch.utils.data import DataLoader

from datasets import InfiniteSampler, TabularDataset, load_housing
from nets import ResMLP, describe, param_groups


@dataclass
class Config:
    csv: str = "data/housing.csv"
    test_size: float = 0.2
    seed: int = 11
    steps: int = 20000
    eval_every: int = 1000
    batch_size: int = 256
    lr: float = 1e-3
    weight_decay: float = 0.05
    d_model: int = 128
    depth: int = 3


@torch.no_grad()
def evaluate(model, loader, device):
    model.eval()
    se, n = 0.0, 0
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        se += torch.sum((model(x) - y) ** 2).item()
        n += len(y)
    model.train()
    return (se / n) ** 0.5


def main(cfg: Config):
    torch.manual_seed(cfg.seed)
    device = "cuda" if torch.cuda.is_available() else "cpu"

    X, y, columns = load_housing(cfg.csv)
    X_tr, X_val, y_tr, y_val = train_test_split(X, y, test_size=cfg.test_size, random_state=cfg.seed)
    train_ds = TabularDataset(X_tr, y_tr)
    val_ds = TabularDataset(X_val, y_val)  # EXPECT: TL005  # <- TL005

    train_dl = DataLoader(train_ds, batch_size=cfg.batch_size,
                          sampler=InfiniteSampler(len(train_ds), cfg.seed))
    val_dl = DataLoader(val_ds, batch_size=1024)

    model = ResMLP(train_ds.num_features, cfg.d_model, cfg.depth).to(device)
    print(describe(model), "features:", len(columns))
    opt = torch.optim.AdamW(param_groups(model, cfg.weight_decay), lr=cfg.lr)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=cfg.lr, total_steps=cfg.steps)
    loss_fn = nn.SmoothL1Loss(beta=0.1)

    model.train()
    for step, (x, target) in enumerate(islice(train_dl, cfg.steps), start=1):
        x, target = x.to(device), target.to(device)
        loss = loss_fn(model(x), target)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        if step % cfg.eval_every == 0:
            print(f"step {step:6d} loss {loss.item():.4f} val_rmse(log) {evaluate(model, val_dl, device):.4f}")

    torch.save({"model": model.state_dict(), "mean": train_ds.mean, "std": train_ds.std}, "housing_resmlp.pt")


if __name__ == "__main__":
    main(Config())
