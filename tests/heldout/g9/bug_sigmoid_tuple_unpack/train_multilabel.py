"""Multi-label chest X-ray classification (14 findings) with a DenseNet-121 backbone."""
import argparse
import os

import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from PIL import Image
from sklearn.metrics import roc_auc_score
from torch.utils.data import DataLoader, Dataset
from torchvision import models, transforms
from tqdm import tqdm

FINDINGS = [
    "Atelectasis", "Cardiomegaly", "Effusion", "Infiltration", "Mass", "Nodule", "Pneumonia",
    "Pneumothorax", "Consolidation", "Edema", "Emphysema", "Fibrosis", "Pleural_Thickening", "Hernia",
]


class ChestXrayDataset(Dataset):
    def __init__(self, csv_path, image_dir, transform):
        self.df = pd.read_csv(csv_path)
        self.image_dir = image_dir
        self.transform = transform
        self.labels = self.df[FINDINGS].values.astype(np.float32)

    def __len__(self):
        return len(self.df)

    def __getitem__(self, idx):
        path = os.path.join(self.image_dir, self.df.iloc[idx]["Image Index"])
        image = Image.open(path).convert("RGB")
        return self.transform(image), torch.from_numpy(self.labels[idx])


class CheXNet(nn.Module):
    def __init__(self, num_classes=len(FINDINGS), embed_dim=256):
        super().__init__()
        densenet = models.densenet121(weights="IMAGENET1K_V1")
        self.features = densenet.features
        self.embed = nn.Sequential(
            nn.Linear(densenet.classifier.in_features, embed_dim),
            nn.ReLU(inplace=True),
        )
        self.classifier = nn.Linear(embed_dim, num_classes)

    def forward(self, x):
        feats = torch.relu(self.features(x))
        feats = nn.functional.adaptive_avg_pool2d(feats, 1).flatten(1)
        emb = self.embed(feats)
        return emb, torch.sigmoid(self.classifier(emb))  # EXPECT: TL003


def compute_loss(model, batch, criterion, device):
    images, targets = batch
    images = images.to(device)
    targets = targets.to(device)
    _, scores = model(images)
    return criterion(scores, targets), scores, targets  # <- TL003


def evaluate(model, loader, criterion, device):
    model.eval()
    all_scores, all_targets, losses = [], [], []
    with torch.no_grad():
        for batch in loader:
            loss, scores, targets = compute_loss(model, batch, criterion, device)
            losses.append(loss.item())
            all_scores.append(scores.cpu().numpy())
            all_targets.append(targets.cpu().numpy())
    y_score = np.concatenate(all_scores)
    y_true = np.concatenate(all_targets)
    aucs = [roc_auc_score(y_true[:, i], y_score[:, i]) for i in range(y_true.shape[1])
            if 0 < y_true[:, i].sum() < len(y_true)]
    return float(np.mean(losses)), float(np.mean(aucs))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", default="data/nih")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--pos-weight", type=float, default=3.0)
    args = parser.parse_args()

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    normalize = transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])
    train_tf = transforms.Compose([
        transforms.RandomResizedCrop(224, scale=(0.8, 1.0)),
        transforms.RandomHorizontalFlip(),
        transforms.ToTensor(),
        normalize,
    ])
    eval_tf = transforms.Compose([transforms.Resize(256), transforms.CenterCrop(224),
                                  transforms.ToTensor(), normalize])
    img_dir = os.path.join(args.data_dir, "images")
    train_ds = ChestXrayDataset(os.path.join(args.data_dir, "train.csv"), img_dir, train_tf)
    val_ds = ChestXrayDataset(os.path.join(args.data_dir, "val.csv"), img_dir, eval_tf)
    train_loader = DataLoader(train_ds, batch_size=args.batch_size, shuffle=True, num_workers=8)
    val_loader = DataLoader(val_ds, batch_size=64, shuffle=False, num_workers=8)

    model = CheXNet().to(device)
    pos_weight = torch.full((len(FINDINGS),), args.pos_weight, device=device)
    criterion = nn.BCEWithLogitsLoss(pos_weight=pos_weight)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr, betas=(0.9, 0.999))
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="max", factor=0.1, patience=1)

    best_auc = 0.0
    for epoch in range(args.epochs):
        model.train()
        pbar = tqdm(train_loader, desc=f"epoch {epoch}")
        for batch in pbar:
            optimizer.zero_grad()
            loss, _, _ = compute_loss(model, batch, criterion, device)
            loss.backward()
            optimizer.step()
            pbar.set_postfix(loss=f"{loss.item():.4f}")

        val_loss, val_auc = evaluate(model, val_loader, criterion, device)
        scheduler.step(val_auc)
        print(f"epoch {epoch}: val_loss={val_loss:.4f} mean_auc={val_auc:.4f}")
        if val_auc > best_auc:
            best_auc = val_auc
            torch.save(model.state_dict(), "chexnet_best.pt")


if __name__ == "__main__":
    main()
