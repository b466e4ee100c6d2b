import os

import torch
import torch.nn as nn
from torch.utils.data import DataLoader
from tqdm import tqdm

from data import FaceAgeDataset
from model import AgeRegressor

CFG = dict(
    root="data/utkface",
    epochs=25,
    batch_size=48,
    lr=1e-3,
    weight_decay=1e-4,
    age_scale=100.0,
    workers=6,
    ckpt_dir="runs/age",
)


def train_one_epoch(model, loader, optimizer, loss_fn, device, scaler):
    model.train()
    running = 0.0
    for imgs, age in tqdm(loader, desc="train", leave=False):
        imgs = imgs.to(device, non_blocking=True)
        age = age.to(device, non_blocking=True)
        optimizer.zero_grad(set_to_none=True)
        with torch.cuda.amp.autocast(enabled=scaler.is_enabled()):
            pred = model(imgs)
            loss = loss_fn(pred, age.unsqueeze(1))
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
        running += loss.item() * imgs.size(0)
    return running / len(loader.dataset)


@torch.no_grad()
def validate(model, loader, device, age_scale):
    model.eval()
    abs_err, n = 0.0, 0
    for imgs, age in loader:
        imgs = imgs.to(device)
        age = age.to(device).view(-1, 1)
        pred = model(imgs)
        abs_err += (pred - age).abs().sum().item() * age_scale
        n += age.size(0)
    return abs_err / n


def main(cfg=CFG):
    os.makedirs(cfg["ckpt_dir"], exist_ok=True)
    device = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")
    train_ds = FaceAgeDataset(cfg["root"], "train.csv", train=True, age_scale=cfg["age_scale"])
    val_ds = FaceAgeDataset(cfg["root"], "val.csv", train=False, age_scale=cfg["age_scale"])
    train_dl = DataLoader(train_ds, cfg["batch_size"], shuffle=True, num_workers=cfg["workers"],
                          pin_memory=True, drop_last=True)
    val_dl = DataLoader(val_ds, cfg["batch_size"] * 2, shuffle=False, num_workers=cfg["workers"])

    model = AgeRegressor().to(device)
    loss_fn = nn.MSELoss()
    optimizer = torch.optim.AdamW(model.param_groups(cfg["lr"]), weight_decay=cfg["weight_decay"])
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=cfg["epochs"], eta_min=1e-6)
    scaler = torch.cuda.amp.GradScaler(enabled=device.type == "cuda")

    best_mae = float("inf")
    for epoch in range(cfg["epochs"]):
        tr_loss = train_one_epoch(model, train_dl, optimizer, loss_fn, device, scaler)
        mae = validate(model, val_dl, device, cfg["age_scale"])
        scheduler.step()
        print(f"epoch {epoch:02d} | mse {tr_loss:.5f} | val MAE {mae:.2f} years")
        if mae < best_mae:
            best_mae = mae
            torch.save(model.state_dict(), os.path.join(cfg["ckpt_dir"], "best.pt"))


if __name__ == "__main__":
    main()
