import os
from dataclasses import dataclass

import torch
import torch.nn as nn
from torch.utils.data import DataLoader
from torchvision.datasets import VOCSegmentation
import torchvision.transforms.v2 as T
from torchvision import tv_tensors

from evaluation import evaluate
from unet import UNet


@dataclass
class Config:
    data_root: str = "./data/voc"
    num_classes: int = 21
    crop: int = 320
    batch_size: int = 8
    epochs: int = 80
    lr: float = 0.01
    momentum: float = 0.9
    weight_decay: float = 1e-4
    eval_every: int = 500
    ckpt_dir: str = "checkpoints"
    amp: bool = True


def make_transforms(crop, train):
    norm = T.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225])
    if train:
        return T.Compose([T.RandomResizedCrop(crop, scale=(0.5, 2.0), antialias=True), T.RandomHorizontalFlip(),
                          T.ToImage(), T.ToDtype({tv_tensors.Image: torch.float32, "others": None}, scale=True), norm])
    return T.Compose([T.Resize(crop, antialias=True), T.CenterCrop(crop), T.ToImage(),
                      T.ToDtype({tv_tensors.Image: torch.float32, "others": None}, scale=True), norm])


class SegWrapper(torch.utils.data.Dataset):
    def __init__(self, base, tf):
        self.base, self.tf = base, tf

    def __len__(self):
        return len(self.base)

    def __getitem__(self, i):
        img, mask = self.base[i]
        img, mask = self.tf(img, tv_tensors.Mask(mask))
        return img, mask.squeeze(0).long()


def main(cfg: Config):
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    os.makedirs(cfg.ckpt_dir, exist_ok=True)

    train_ds = SegWrapper(VOCSegmentation(cfg.data_root, image_set="train", download=False),
                          make_transforms(cfg.crop, True))
    val_ds = SegWrapper(VOCSegmentation(cfg.data_root, image_set="val", download=False),
                        make_transforms(cfg.crop, False))
    train_loader = DataLoader(train_ds, cfg.batch_size, shuffle=True, num_workers=4, drop_last=True)
    val_loader = DataLoader(val_ds, batch_size=4, num_workers=4)

    model = UNet(3, cfg.num_classes).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=cfg.lr, momentum=cfg.momentum,
                                weight_decay=cfg.weight_decay)
    max_iters = cfg.epochs * len(train_loader)
    scheduler = torch.optim.lr_scheduler.PolynomialLR(optimizer, total_iters=max_iters, power=0.9)
    criterion = nn.CrossEntropyLoss(ignore_index=255)
    scaler = torch.cuda.amp.GradScaler(enabled=cfg.amp)

    step, best_miou = 0, 0.0
    for epoch in range(cfg.epochs):
        model.train()
        for images, masks in train_loader:
            images, masks = images.to(device), masks.to(device)
            optimizer.zero_grad(set_to_none=True)
            with torch.autocast(device_type=device.type, enabled=cfg.amp):
                loss = criterion(model(images), masks)
            scaler.scale(loss).backward()
            scaler.step(optimizer)
            scaler.update()
            scheduler.step()
            step += 1

            if step % 50 == 0:
                print(f"[{epoch}:{step}] loss={loss.item():.4f} lr={scheduler.get_last_lr()[0]:.5f}")

            if step % cfg.eval_every == 0:
                metrics = evaluate(model, val_loader, device, cfg.num_classes)
                print(f"step {step}: val loss {metrics['loss']:.4f} "
                      f"pixAcc {metrics['pixel_acc']:.4f} mIoU {metrics['mIoU']:.4f}")
                if metrics["mIoU"] > best_miou:
                    best_miou = metrics["mIoU"]
                    torch.save(model.state_dict(), os.path.join(cfg.ckpt_dir, "unet_best.pth"))
                model.train()

    print(f"best mIoU: {best_miou:.4f}")


if __name__ == "__main__":
    main(Config())
