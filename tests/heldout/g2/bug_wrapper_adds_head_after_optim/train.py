import argparse

import numpy as np
import torch
import torch.nn as nn
import torchvision.transforms as T
from sklearn.metrics import roc_auc_score
from torch.utils.data import DataLoader

from dataset import LABELS, ChestXray
from modeling import MultiLabelHead, get_backbone


def parse_args():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train-csv", default="data/train_val.csv")
    ap.add_argument("--val-csv", default="data/test.csv")
    ap.add_argument("--img-dir", default="data/images")
    ap.add_argument("--arch", default="resnet50")
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--bs", type=int, default=32)
    ap.add_argument("--lr", type=float, default=1e-4)
    return ap.parse_args()


def main():
    args = parse_args()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    norm = T.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])
    train_tf = T.Compose([T.RandomResizedCrop(224, scale=(0.8, 1.0)), T.RandomRotation(7),
                          T.ToTensor(), norm])
    val_tf = T.Compose([T.Resize(256), T.CenterCrop(224), T.ToTensor(), norm])
    train_dl = DataLoader(ChestXray(args.train_csv, args.img_dir, train_tf), args.bs,
                          shuffle=True, num_workers=8, pin_memory=True)
    val_dl = DataLoader(ChestXray(args.val_csv, args.img_dir, val_tf), 64, num_workers=8)

    model, feat_dim = get_backbone(args.arch, pretrained=True)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr, betas=(0.9, 0.999))
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="max", factor=0.1, patience=1)
    model = MultiLabelHead(model, feat_dim, len(LABELS)).to(device)  # EXPECT: TL001  # <- TL001
    criterion = nn.BCEWithLogitsLoss()
    scaler = torch.cuda.amp.GradScaler()

    best_auc = 0.0
    for epoch in range(args.epochs):
        model.train()
        for step, (images, targets) in enumerate(train_dl):
            images, targets = images.to(device), targets.to(device)
            optimizer.zero_grad()
            with torch.cuda.amp.autocast():
                loss = criterion(model(images), targets)
            scaler.scale(loss).backward()
            scaler.step(optimizer)
            scaler.update()
            if step % 100 == 0:
                print(f"epoch {epoch} step {step}/{len(train_dl)} loss {loss.item():.4f}")

        model.eval()
        probs, gts = [], []
        with torch.no_grad():
            for images, targets in val_dl:
                probs.append(torch.sigmoid(model(images.to(device))).cpu().numpy())
                gts.append(targets.numpy())
        probs, gts = np.concatenate(probs), np.concatenate(gts)
        aucs = [roc_auc_score(gts[:, i], probs[:, i]) for i in range(len(LABELS)) if gts[:, i].any()]
        mean_auc = float(np.mean(aucs))
        scheduler.step(mean_auc)
        print(f"epoch {epoch}: mean AUROC {mean_auc:.4f}")
        if mean_auc > best_auc:
            best_auc = mean_auc
            torch.save(model.state_dict(), f"chexnet_{args.arch}_best.pth")


if __name__ == "__main__":
    main()
