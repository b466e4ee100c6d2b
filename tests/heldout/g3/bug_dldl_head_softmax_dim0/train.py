import os
from dataclasses import dataclass

import pandas as pd
import torch
from PIL import Image
from torch.utils.data import DataLoader, Dataset
from torchvision import transforms
from tqdm import tqdm

from losses import DLDLLoss
from models import AgeDistributionNet


@dataclass
class TrainConfig:
    root: str = "data/utkface"
    backbone: str = "resnet50"
    img_size: int = 224
    batch_size: int = 64
    epochs: int = 30
    lr: float = 1e-4
    weight_decay: float = 1e-4
    sigma: float = 2.0
    lam: float = 1.0
    num_workers: int = 8


class FaceAgeDataset(Dataset):
    def __init__(self, df, root, tf):
        self.paths = [os.path.join(root, "images", p) for p in df["file"]]
        self.ages = df["age"].clip(0, 100).astype(int).tolist()
        self.tf = tf

    def __len__(self):
        return len(self.paths)

    def __getitem__(self, i):
        img = Image.open(self.paths[i]).convert("RGB")
        return self.tf(img), self.ages[i]


def main(cfg: TrainConfig):
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    norm = transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])
    train_tf = transforms.Compose([
        transforms.RandomResizedCrop(cfg.img_size, scale=(0.8, 1.0)),
        transforms.RandomHorizontalFlip(), transforms.ColorJitter(0.2, 0.2, 0.2),
        transforms.ToTensor(), norm,
    ])
    val_tf = transforms.Compose([transforms.Resize((cfg.img_size, cfg.img_size)), transforms.ToTensor(), norm])
    df = pd.read_csv(os.path.join(cfg.root, "labels.csv"))
    train_df = df[df["fold"] != 0]
    val_df = df[df["fold"] == 0]
    train_dl = DataLoader(FaceAgeDataset(train_df, cfg.root, train_tf), cfg.batch_size,
                          shuffle=True, num_workers=cfg.num_workers, drop_last=True)
    val_dl = DataLoader(FaceAgeDataset(val_df, cfg.root, val_tf), cfg.batch_size,
                        num_workers=cfg.num_workers)

    model = AgeDistributionNet(cfg.backbone).to(device)
    criterion = DLDLLoss(model.ages.clone(), sigma=cfg.sigma, lam=cfg.lam).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=cfg.epochs)

    best_mae = float("inf")
    for epoch in range(cfg.epochs):
        model.train()
        for images, ages in tqdm(train_dl, desc=f"epoch {epoch}"):
            images, ages = images.to(device), ages.to(device)
            dist, pred_age = model(images)
            loss = criterion(dist, pred_age, ages)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        scheduler.step()

        model.eval()
        abs_err, n = 0.0, 0
        with torch.no_grad():
            for images, ages in val_dl:
                _, pred_age = model(images.to(device))
                abs_err += (pred_age.cpu() - ages.float()).abs().sum().item()
                n += ages.numel()
        mae = abs_err / n
        print(f"epoch {epoch}: val MAE {mae:.3f}")
        if mae < best_mae:
            best_mae = mae
            torch.save(model.state_dict(), "dldl_best.pth")


if __name__ == "__main__":
    main(TrainConfig())
