import logging
from dataclasses import dataclass

import albumentations as A
import cv2
import numpy as np
import pandas as pd
import torch
from albumentations.pytorch import ToTensorV2
from torch.utils.data import DataLoader, Dataset

from models import MelanomaNet
from trainer import BinaryTrainer


@dataclass
class Config:
    csv: str = "folds.csv"
    img_dir: str = "jpeg/train"
    arch: str = "efficientnet_b3"
    img_size: int = 384
    fold: int = 0
    batch_size: int = 32
    accum_steps: int = 2
    lr: float = 3e-4
    epochs: int = 12
    num_workers: int = 8
    use_meta: bool = True
    meta_cols: tuple = ("sex", "age_approx", "anatom_site")


class SkinDataset(Dataset):
    def __init__(self, df, cfg, transform):
        self.df = df.reset_index(drop=True)
        self.cfg = cfg
        self.transform = transform

    def __len__(self):
        return len(self.df)

    def __getitem__(self, idx):
        row = self.df.iloc[idx]
        img = cv2.cvtColor(cv2.imread(f"{self.cfg.img_dir}/{row.image_name}.jpg"), cv2.COLOR_BGR2RGB)
        img = self.transform(image=img)["image"]
        meta = torch.tensor(row[list(self.cfg.meta_cols)].values.astype(np.float32))
        return {"image": img, "meta": meta, "target": torch.tensor(row.target)}


def get_transforms(size, train):
    if train:
        return A.Compose([
            A.RandomResizedCrop(size, size, scale=(0.7, 1.0)),
            A.HorizontalFlip(),
            A.VerticalFlip(),
            A.ColorJitter(0.2, 0.2, 0.2, 0.05),
            A.Normalize(),
            ToTensorV2(),
        ])
    return A.Compose([A.Resize(size, size), A.Normalize(), ToTensorV2()])


def main(cfg: Config):
    logging.basicConfig(level=logging.INFO)
    device = torch.device("cuda")
    df = pd.read_csv(cfg.csv)
    train_df, valid_df = df[df.fold != cfg.fold], df[df.fold == cfg.fold]
    pos_weight = float((train_df.target == 0).sum() / max((train_df.target == 1).sum(), 1))

    train_loader = DataLoader(SkinDataset(train_df, cfg, get_transforms(cfg.img_size, True)),
                              batch_size=cfg.batch_size, shuffle=True, num_workers=cfg.num_workers, drop_last=True)
    valid_loader = DataLoader(SkinDataset(valid_df, cfg, get_transforms(cfg.img_size, False)),
                              batch_size=cfg.batch_size * 2, num_workers=cfg.num_workers)

    model = MelanomaNet(cfg.arch, n_meta=len(cfg.meta_cols) if cfg.use_meta else 0)
    optimizer = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=1e-4)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(optimizer, T_0=cfg.epochs)

    trainer = BinaryTrainer(model, optimizer, scheduler, device, pos_weight=pos_weight,  # <- TL003
                            accum_steps=cfg.accum_steps, use_meta=cfg.use_meta)
    best = trainer.fit(train_loader, valid_loader, cfg.epochs, f"{cfg.arch}_fold{cfg.fold}.pth")
    logging.info("fold %d best AUC %.4f", cfg.fold, best)


if __name__ == "__main__":
    main(Config())
