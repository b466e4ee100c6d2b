"""Progressive resizing on Imagenette: 128px -> 192px -> 256px, one optimizer throughout."""
import logging

import torch
import torchvision

from src.data import make_loaders
from src.stages import run_stage

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")

CONFIG = {
    "root": "data/imagenette2",
    "stages": [
        {"size": 128, "epochs": 8, "batch_size": 128, "mixup": 0.0},
        {"size": 192, "epochs": 6, "batch_size": 96, "mixup": 0.2},
        {"size": 256, "epochs": 4, "batch_size": 64, "mixup": 0.2},
    ],
    "lr": 2e-3,
    "weight_decay": 0.05,
    "num_classes": 10,
}


def main(cfg):
    device = "cuda" if torch.cuda.is_available() else "cpu"
    model = torchvision.models.resnet34(num_classes=cfg["num_classes"]).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=cfg["lr"], weight_decay=cfg["weight_decay"])

    loaders = [make_loaders(cfg["root"], s["size"], s["batch_size"]) for s in cfg["stages"]]
    total_steps = sum(s["epochs"] * len(tl) for s, (tl, _) in zip(cfg["stages"], loaders))
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=cfg["lr"],
                                                    total_steps=total_steps, pct_start=0.25)

    for i, (stage, (train_dl, val_dl)) in enumerate(zip(cfg["stages"], loaders)):
        model, acc = run_stage(model, optimizer, scheduler, train_dl, val_dl, stage["epochs"],  # EXPECT: TL001  # <- TL001
                               device, mixup_alpha=stage["mixup"], tag=f"stage{i}@{stage['size']}")
        logging.info("stage %d (%dpx) best acc %.4f", i, stage["size"], acc)
        torch.save(model.state_dict(), f"resnet34_stage{i}.pth")


if __name__ == "__main__":
    main(CONFIG)
