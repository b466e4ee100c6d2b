# ====================================================
# Leaf disease classification - 5 fold training
# ====================================================
import os
import time

import numpy as np
import pandas as pd
import timm
import torch
import torch.nn as nn
from PIL import Image
from sklearn.model_selection import StratifiedKFold
from torch.utils.data import DataLoader, Dataset
from torchvision import transforms


class CFG:
    debug = False
    train_dir = "../input/leaf/train_images"
    model_name = "resnext50_32x4d"
    size = 384
    epochs = 10
    lr = 1e-4
    min_lr = 1e-6
    weight_decay = 1e-6
    batch_size = 32
    n_fold = 5
    seed = 42
    target_size = 5
    sanity_steps = 20


device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class LeafDataset(Dataset):
    def __init__(self, df, train=True):
        self.paths = df["image_id"].values
        self.labels = df["label"].values
        aug = [transforms.RandomResizedCrop(CFG.size), transforms.RandomHorizontalFlip(),
               transforms.RandomVerticalFlip()] if train else [transforms.Resize((CFG.size, CFG.size))]
        self.tf = transforms.Compose(aug + [transforms.ToTensor(),
                                            transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])

    def __len__(self):
        return len(self.paths)

    def __getitem__(self, i):
        img = Image.open(os.path.join(CFG.train_dir, self.paths[i])).convert("RGB")
        return self.tf(img), torch.tensor(self.labels[i]).long()


class CustomModel(nn.Module):
    def __init__(self, cfg, pretrained=True):
        super().__init__()
        self.model = timm.create_model(cfg.model_name, pretrained=pretrained)
        n_features = self.model.fc.in_features
        self.model.fc = nn.Linear(n_features, cfg.target_size)

    def forward(self, x):
        return self.model(x)


def make_optimizer(model):
    return torch.optim.Adam(model.parameters(), lr=CFG.lr, weight_decay=CFG.weight_decay)


def sanity_overfit(model, optimizer, loader, criterion):
    """Make sure the pipeline can overfit one batch before launching the folds."""
    model.train()
    x, y = next(iter(loader))
    x, y = x.to(device), y.to(device)
    for _ in range(CFG.sanity_steps):
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
    return loss.item()


df = pd.read_csv("../input/leaf/train.csv")
if CFG.debug:
    df = df.sample(500, random_state=CFG.seed).reset_index(drop=True)
skf = StratifiedKFold(n_splits=CFG.n_fold, shuffle=True, random_state=CFG.seed)
df["fold"] = -1
for n, (_, val_idx) in enumerate(skf.split(df, df["label"])):
    df.loc[val_idx, "fold"] = n

criterion = nn.CrossEntropyLoss()

model = CustomModel(CFG).to(device)
optimizer = make_optimizer(model)
probe_loader = DataLoader(LeafDataset(df, train=True), batch_size=CFG.batch_size, shuffle=True)
print("sanity-overfit loss:", sanity_overfit(model, optimizer, probe_loader, criterion))

oof = np.zeros((len(df), CFG.target_size))
for fold in range(CFG.n_fold):
    trn_df = df[df.fold != fold].reset_index(drop=True)
    val_idx = df.index[df.fold == fold]
    train_loader = DataLoader(LeafDataset(trn_df, True), batch_size=CFG.batch_size, shuffle=True,
                              num_workers=4, drop_last=True)
    valid_loader = DataLoader(LeafDataset(df.loc[val_idx].reset_index(drop=True), False),
                              batch_size=CFG.batch_size * 2, num_workers=4)

    model = CustomModel(CFG).to(device)
    optimizer = make_optimizer(model)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=CFG.epochs, eta_min=CFG.min_lr)

    best_score = 0.0
    for epoch in range(CFG.epochs):
        start = time.time()
        model.train()
        avg_loss = 0.0
        for images, labels in train_loader:
            images, labels = images.to(device), labels.to(device)
            optimizer.zero_grad()
            loss = criterion(model(images), labels)
            loss.backward()
            optimizer.step()
            avg_loss += loss.item() / len(train_loader)
        scheduler.step()

        model.eval()
        preds = []
        with torch.no_grad():
            for images, _ in valid_loader:
                preds.append(model(images.to(device)).softmax(1).cpu().numpy())
        preds = np.concatenate(preds)
        score = (preds.argmax(1) == df.loc[val_idx, "label"].values).mean()
        print(f"Fold {fold} Epoch {epoch + 1} - avg_loss: {avg_loss:.4f} acc: {score:.4f} "
              f"time: {time.time() - start:.0f}s")
        if score > best_score:
            best_score = score
            oof[val_idx] = preds
            torch.save(model.state_dict(), f"{CFG.model_name}_fold{fold}_best.pth")

print("CV acc:", (oof.argmax(1) == df["label"].values).mean())
