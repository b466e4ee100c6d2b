import os

import torch
import torchvision
import yaml
from torch.utils.data import DataLoader
from torchvision import transforms as T
from torchvision.datasets import ImageFolder

from engine import evaluate, train_one_epoch

DEFAULTS = {
    "data_dir": "data/food101",
    "num_classes": 101,
    "epochs": 40,
    "batch_size": 64,
    "lr": 5e-4,
    "weight_decay": 0.02,
    "mixup_alpha": 0.2,
    "clip_grad": 5.0,
    "amp": True,
    "print_freq": 100,
    "workers": 8,
    "output": "outputs/effnet_b2",
}


def load_config(path="config.yaml"):
    cfg = dict(DEFAULTS)
    if os.path.exists(path):
        with open(path) as f:
            cfg.update(yaml.safe_load(f) or {})
    return cfg


def make_loaders(cfg):
    norm = T.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])
    train_tf = T.Compose([T.RandomResizedCrop(260), T.RandomHorizontalFlip(),
                          T.TrivialAugmentWide(), T.ToTensor(), norm])
    val_tf = T.Compose([T.Resize(288), T.CenterCrop(260), T.ToTensor(), norm])
    train_ds = ImageFolder(os.path.join(cfg["data_dir"], "train"), train_tf)
    val_ds = ImageFolder(os.path.join(cfg["data_dir"], "val"), val_tf)
    train_dl = DataLoader(train_ds, cfg["batch_size"], shuffle=True, num_workers=cfg["workers"],
                          pin_memory=True, drop_last=True, persistent_workers=True)
    val_dl = DataLoader(val_ds, cfg["batch_size"] * 2, num_workers=cfg["workers"], pin_memory=True)
    return train_dl, val_dl


def main():
    cfg = load_config()
    os.makedirs(cfg["output"], exist_ok=True)
    device = torch.device("cuda")

    train_dl, val_dl = make_loaders(cfg)
    model = torchvision.models.efficientnet_b2(weights="IMAGENET1K_V1")
    model.classifier[1] = torch.nn.Linear(model.classifier[1].in_features, cfg["num_classes"])
    model = model.to(device).to(memory_format=torch.channels_last)

    optimizer = torch.optim.AdamW(model.parameters(), lr=cfg["lr"], weight_decay=cfg["weight_decay"])
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=cfg["epochs"], eta_min=1e-6)
    scaler = torch.cuda.amp.GradScaler(enabled=cfg["amp"])
    optimizer.zero_grad(set_to_none=True)

    best = 0.0
    for epoch in range(cfg["epochs"]):
        train_loss = train_one_epoch(model, train_dl, optimizer, scaler, device, epoch, cfg)
        scheduler.step()
        acc1, acc5 = evaluate(model, val_dl, device, cfg["amp"])
        print(f"epoch {epoch}: loss {train_loss:.4f} acc@1 {acc1:.2f} acc@5 {acc5:.2f}")
        if acc1 > best:
            best = acc1
            torch.save({"model": model.state_dict(), "epoch": epoch, "acc1": acc1},
                       os.path.join(cfg["output"], "best.pth"))
    print(f"best acc@1 {best:.2f}")


if __name__ == "__main__":
    main()
