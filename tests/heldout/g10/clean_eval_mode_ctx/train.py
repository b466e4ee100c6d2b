import os

import pandas as pd
import torch
from PIL import Image
from torch.utils.data import DataLoader, Dataset
from torchvision import transforms

from src import AgeRegressor, Engine
from src.utils import EarlyStopping, seed_everything

CFG = dict(
    root="data/utkface",
    img_size=200,
    batch_size=64,
    epochs=40,
    lr=3e-4,
    weight_decay=1e-4,
    seed=17,
)


class FaceAgeDataset(Dataset):
    def __init__(self, df, root, tf):
        self.df = df.reset_index(drop=True)
        self.root = root
        self.tf = tf

    def __len__(self):
        return len(self.df)

    def __getitem__(self, i):
        row = self.df.iloc[i]
        img = Image.open(os.path.join(self.root, row["file"])).convert("RGB")
        return self.tf(img), row["age"]


def main(cfg):
    seed_everything(cfg["seed"])
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    df = pd.read_csv(os.path.join(cfg["root"], "labels.csv"))
    val_df = df.sample(frac=0.1, random_state=cfg["seed"])
    train_df = df.drop(val_df.index)

    norm = transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])
    train_tf = transforms.Compose([
        transforms.RandomResizedCrop(cfg["img_size"], scale=(0.8, 1.0)),
        transforms.RandomHorizontalFlip(),
        transforms.ToTensor(),
        norm,
    ])
    val_tf = transforms.Compose([transforms.Resize((cfg["img_size"], cfg["img_size"])), transforms.ToTensor(), norm])

    img_dir = os.path.join(cfg["root"], "images")
    train_loader = DataLoader(FaceAgeDataset(train_df, img_dir, train_tf), batch_size=cfg["batch_size"],
                              shuffle=True, num_workers=4, drop_last=True)
    val_loader = DataLoader(FaceAgeDataset(val_df, img_dir, val_tf), batch_size=cfg["batch_size"], num_workers=4)

    model = AgeRegressor(pretrained=True, dropout=0.4)
    optimizer = torch.optim.Adam(model.parameters(), lr=cfg["lr"], weight_decay=cfg["weight_decay"])
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=cfg["epochs"])
    engine = Engine(model, optimizer, device, scheduler=scheduler)
    stopper = EarlyStopping(patience=6)

    for epoch in range(cfg["epochs"]):
        train_loss = engine.train_epoch(train_loader)
        val_mae = engine.test(val_loader)
        print(f"epoch {epoch:02d}  train_loss={train_loss:.3f}  val_MAE={val_mae:.2f} years")
        if val_mae <= stopper.best:
            torch.save(model.state_dict(), "age_regressor.pt")
        if stopper.step(val_mae):
            print("early stopping")
            break


if __name__ == "__main__":
    main(CFG)
