# Leaf disease classification - training script (converted from the Kaggle notebook)
import copy
import os
import random
from dataclasses import dataclass

import numpy as np
import pandas as pd
import timm
import torch
import torch.nn as nn
from PIL import Image
from sklearn.model_selection import StratifiedKFold
from torch.utils.data import DataLoader, Dataset
from torchvision import transforms as T
from tqdm import tqdm


@dataclass
class CFG:
    root: str = "../input/leaf-disease"
    model_name: str = "efficientnet_b0"
    img_size: int = 384
    n_classes: int = 5
    fold: int = 0
    n_folds: int = 5
    epochs: int = 12
    batch_size: int = 32
    lr: float = 2e-4
    weight_decay: float = 1e-6
    ema_decay: float = 0.998
    early_stop: int = 4
    seed: int = 2024
    out_dir: str = "./weights"


def seed_torch(seed):
    random.seed(seed)
    os.environ["PYTHONHASHSEED"] = str(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.cuda.manual_seed(seed)


class LeafDataset(Dataset):
    def __init__(self, df, img_dir, tfm):
        self.paths = [os.path.join(img_dir, f) for f in df.image_id.values]
        self.labels = df.label.values
        self.tfm = tfm

    def __len__(self):
        return len(self.paths)

    def __getitem__(self, i):
        img = Image.open(self.paths[i]).convert("RGB")
        return self.tfm(img), torch.tensor(self.labels[i], dtype=torch.long)


class Engine:
    def __init__(self, model, optimizer, scheduler, criterion, cfg, device):
        self.model = model
        self.optimizer = optimizer
        self.scheduler = scheduler
        self.criterion = criterion
        self.cfg = cfg
        self.device = device
        self.ema = copy.deepcopy(model).eval()
        for p in self.ema.parameters():
            p.requires_grad_(False)
        self.best_model = None
        self.best_acc = 0.0

    @torch.no_grad()
    def _update_ema(self):
        d = self.cfg.ema_decay
        for ema_v, v in zip(self.ema.state_dict().values(), self.model.state_dict().values()):
            if ema_v.dtype.is_floating_point:
                ema_v.mul_(d).add_(v.detach(), alpha=1 - d)
            else:
                ema_v.copy_(v)

    def train_epoch(self, loader):
        self.model.train()
        losses = []
        for x, y in tqdm(loader, leave=False):
            x, y = x.to(self.device), y.to(self.device)
            self.optimizer.zero_grad()
            loss = self.criterion(self.model(x), y)
            loss.backward()
            self.optimizer.step()
            self.scheduler.step()
            self._update_ema()
            losses.append(loss.item())
        return np.mean(losses)

    @torch.no_grad()
    def valid_epoch(self, net, loader):
        net.eval()
        correct = 0
        for x, y in loader:
            correct += (net(x.to(self.device)).argmax(1).cpu() == y).sum().item()
        return correct / len(loader.dataset)

    def fit(self, train_loader, valid_loader):
        bad = 0
        for epoch in range(self.cfg.epochs):
            loss = self.train_epoch(train_loader)
            acc = self.valid_epoch(self.ema, valid_loader)
            print(f"Epoch {epoch + 1}/{self.cfg.epochs} - loss {loss:.4f} - ema acc {acc:.4f}")
            if acc > self.best_acc:
                self.best_acc = acc
                self.best_model = copy.deepcopy(self.ema)
                bad = 0
            else:
                bad += 1
                if bad >= self.cfg.early_stop:
                    print("Early stopping")
                    break

        if self.best_model is not None:
            self.model = self.best_model
        return self.model


def main(cfg=CFG()):
    seed_torch(cfg.seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    df = pd.read_csv(os.path.join(cfg.root, "train.csv"))
    skf = StratifiedKFold(n_splits=cfg.n_folds, shuffle=True, random_state=cfg.seed)
    for k, (_, val_idx) in enumerate(skf.split(df, df.label)):
        df.loc[val_idx, "fold"] = k
    trn_df = df[df.fold != cfg.fold].reset_index(drop=True)
    val_df = df[df.fold == cfg.fold].reset_index(drop=True)

    norm = T.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])
    train_tfm = T.Compose([T.RandomResizedCrop(cfg.img_size), T.RandomHorizontalFlip(),
                           T.RandomVerticalFlip(), T.ToTensor(), norm])
    valid_tfm = T.Compose([T.Resize((cfg.img_size, cfg.img_size)), T.ToTensor(), norm])
    img_dir = os.path.join(cfg.root, "train_images")
    train_loader = DataLoader(LeafDataset(trn_df, img_dir, train_tfm), batch_size=cfg.batch_size,
                              shuffle=True, num_workers=4, drop_last=True)
    valid_loader = DataLoader(LeafDataset(val_df, img_dir, valid_tfm), batch_size=cfg.batch_size * 2,
                              shuffle=False, num_workers=4)

    model = timm.create_model(cfg.model_name, pretrained=True, num_classes=cfg.n_classes).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=cfg.lr, pct_start=0.1,
                                                    epochs=cfg.epochs, steps_per_epoch=len(train_loader))
    criterion = nn.CrossEntropyLoss(label_smoothing=0.05)

    engine = Engine(model, optimizer, scheduler, criterion, cfg, device)
    best = engine.fit(train_loader, valid_loader)

    os.makedirs(cfg.out_dir, exist_ok=True)
    torch.save(best.state_dict(), os.path.join(cfg.out_dir, f"{cfg.model_name}_fold{cfg.fold}.pth"))
    print(f"fold {cfg.fold} best acc {engine.best_acc:.4f}")


if __name__ == "__main__":
    main()
