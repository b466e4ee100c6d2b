# Melanoma classification - 5 fold EfficientNet baseline (converted from notebook)
import os
import gc

import cv2
import numpy as np
import pandas as pd
import timm
import torch
import torch.nn as nn
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold
from torch.utils.data import DataLoader, Dataset

CFG = {
    "img_dir": "../input/jpeg/train",
    "csv": "../input/train.csv",
    "model_name": "tf_efficientnet_b0_ns",
    "img_size": 256,
    "folds": 5,
    "epochs": 8,
    "bs": 32,
    "lr": 2e-4,
    "seed": 2020,
    "num_workers": 4,
}
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class SkinDataset(Dataset):
    def __init__(self, df, img_dir, size, train=True):
        self.df = df.reset_index(drop=True)
        self.img_dir = img_dir
        self.size = size
        self.train = train

    def __len__(self):
        return len(self.df)

    def __getitem__(self, i):
        row = self.df.iloc[i]
        img = cv2.imread(os.path.join(self.img_dir, row.image_name + ".jpg"))
        img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)
        img = cv2.resize(img, (self.size, self.size))
        if self.train and np.random.rand() < 0.5:
            img = img[:, ::-1]
        img = (img.astype(np.float32) / 255.0 - 0.5) / 0.25
        img = torch.from_numpy(img.transpose(2, 0, 1).copy())
        return img, torch.tensor(row.target, dtype=torch.float32)


class Net(nn.Module):
    def __init__(self, name):
        super().__init__()
        self.backbone = timm.create_model(name, pretrained=True, num_classes=0)
        self.dropout = nn.Dropout(0.3)
        self.fc = nn.Linear(self.backbone.num_features, 1)

    def forward(self, x):
        return self.fc(self.dropout(self.backbone(x))).squeeze(1)


def train_fn(net, dl, opt, crit, scaler):
    net.train()
    losses = []
    for x, y in dl:
        x, y = x.to(device), y.to(device)
        opt.zero_grad()
        with torch.cuda.amp.autocast():
            loss = crit(net(x), y)
        scaler.scale(loss).backward()
        scaler.step(opt)
        scaler.update()
        losses.append(loss.item())
    return float(np.mean(losses))


def oof_pass(net, dl, crit):
    net.eval()
    losses, preds = [], []
    for x, y in dl:
        x, y = x.to(device), y.to(device)
        with torch.cuda.amp.autocast():
            logits = net(x)  # EXPECT: TL004  # <- TL004
            loss = crit(logits, y)
        losses.append(loss.item())
        preds.append(torch.sigmoid(logits).float().detach().cpu().numpy())
    return float(np.mean(losses)), np.concatenate(preds)


def run_fold(df, fold):
    trn = df[df.fold != fold]
    val = df[df.fold == fold]
    trn_dl = DataLoader(SkinDataset(trn, CFG["img_dir"], CFG["img_size"]), batch_size=CFG["bs"],
                        shuffle=True, num_workers=CFG["num_workers"], drop_last=True)
    val_dl = DataLoader(SkinDataset(val, CFG["img_dir"], CFG["img_size"], train=False),
                        batch_size=CFG["bs"] * 2, shuffle=False, num_workers=CFG["num_workers"])

    net = Net(CFG["model_name"]).to(device)
    opt = torch.optim.Adam(net.parameters(), lr=CFG["lr"])
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=CFG["epochs"])
    crit = nn.BCEWithLogitsLoss()
    scaler = torch.cuda.amp.GradScaler()

    best_auc, best_preds = 0.0, None
    for ep in range(CFG["epochs"]):
        tr_loss = train_fn(net, trn_dl, opt, crit, scaler)
        va_loss, va_preds = oof_pass(net, val_dl, crit)
        sched.step()
        auc = roc_auc_score(val.target.values, va_preds)
        print(f"fold {fold} ep {ep} tr {tr_loss:.4f} va {va_loss:.4f} auc {auc:.4f}")
        if auc > best_auc:
            best_auc, best_preds = auc, va_preds
            torch.save(net.state_dict(), f"effb0_fold{fold}.pth")

    del net, opt
    gc.collect()
    torch.cuda.empty_cache()
    return val.index.values, best_preds, best_auc


if __name__ == "__main__":
    torch.manual_seed(CFG["seed"])
    np.random.seed(CFG["seed"])
    df = pd.read_csv(CFG["csv"])
    skf = StratifiedKFold(n_splits=CFG["folds"], shuffle=True, random_state=CFG["seed"])
    df["fold"] = -1
    for f, (_, idx) in enumerate(skf.split(df, df.target)):
        df.loc[idx, "fold"] = f

    oof = np.zeros(len(df))
    for fold in range(CFG["folds"]):
        idx, preds, auc = run_fold(df, fold)
        oof[idx] = preds
    print("OOF AUC:", roc_auc_score(df.target.values, oof))
