import os

import albumentations as A
import cv2
import pandas as pd
import torch
import torch.nn as nn
from albumentations.pytorch import ToTensorV2
from sklearn.model_selection import StratifiedKFold
from torch.cuda.amp import GradScaler
from torch.utils.data import DataLoader, Dataset

from engine import train_one_epoch, validate
from models import LeafClassifier, SoftmaxWrapper

CFG = {
    "root": "../input/cassava-leaf-disease-classification",
    "arch": "tf_efficientnet_b3_ns",
    "size": 512,
    "bs": 16,
    "epochs": 10,
    "lr": 1e-4,
    "fold": 0,
    "n_classes": 5,
}


class LeafDataset(Dataset):
    def __init__(self, df, img_dir, tf):
        self.df = df.reset_index(drop=True)
        self.img_dir = img_dir
        self.tf = tf

    def __len__(self):
        return len(self.df)

    def __getitem__(self, i):
        row = self.df.iloc[i]
        img = cv2.imread(os.path.join(self.img_dir, row.image_id))[:, :, ::-1]
        return self.tf(image=img)["image"], int(row.label)


def main():
    df = pd.read_csv(os.path.join(CFG["root"], "train.csv"))
    skf = StratifiedKFold(n_splits=5, shuffle=True, random_state=719)
    for f, (_, val_idx) in enumerate(skf.split(df, df.label)):
        df.loc[val_idx, "fold"] = f
    trn, val = df[df.fold != CFG["fold"]], df[df.fold == CFG["fold"]]

    train_tf = A.Compose([A.RandomResizedCrop(CFG["size"], CFG["size"]), A.Transpose(p=0.5),
                          A.HorizontalFlip(p=0.5), A.Normalize(), ToTensorV2()])
    valid_tf = A.Compose([A.CenterCrop(CFG["size"], CFG["size"], p=1.0), A.Resize(CFG["size"], CFG["size"]),
                          A.Normalize(), ToTensorV2()])
    img_dir = os.path.join(CFG["root"], "train_images")
    train_dl = DataLoader(LeafDataset(trn, img_dir, train_tf), CFG["bs"], shuffle=True, num_workers=4)
    valid_dl = DataLoader(LeafDataset(val, img_dir, valid_tf), CFG["bs"] * 2, num_workers=4)

    device = torch.device("cuda")
    model = LeafClassifier(CFG["arch"], CFG["n_classes"]).to(device)
    prob_model = SoftmaxWrapper(model, tta=True)
    criterion = nn.CrossEntropyLoss(label_smoothing=0.05)
    optimizer = torch.optim.Adam(model.parameters(), lr=CFG["lr"], weight_decay=1e-6)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(optimizer, T_0=len(train_dl), eta_min=1e-6)
    scaler = GradScaler()

    best = 0.0
    for epoch in range(CFG["epochs"]):
        loss = train_one_epoch(model, train_dl, criterion, optimizer, scheduler, device, scaler)
        acc, auc = validate(prob_model, valid_dl, device, CFG["n_classes"])
        print(f"epoch {epoch}: loss {loss:.4f} acc {acc:.4f} auc {auc:.4f}")
        if acc > best:
            best = acc
            torch.save(model.state_dict(), f"{CFG['arch']}_fold{CFG['fold']}_best.pth")


if __name__ == "__main__":
    main()
