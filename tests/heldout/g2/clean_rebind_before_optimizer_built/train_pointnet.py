"""PointNet classification on ModelNet40 (pre-sampled .npz, 1024 points)."""
import argparse
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset


class ModelNet(Dataset):
    def __init__(self, path, split, augment):
        blob = np.load(os.path.join(path, f"modelnet40_{split}_1024.npz"))
        self.points, self.labels = blob["points"].astype(np.float32), blob["labels"].astype(np.int64)
        self.augment = augment

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        pts = self.points[i]
        if self.augment:
            theta = np.random.uniform(0, 2 * np.pi)
            rot = np.array([[np.cos(theta), 0, np.sin(theta)], [0, 1, 0], [-np.sin(theta), 0, np.cos(theta)]],
                           dtype=np.float32)
            pts = pts @ rot.T + np.random.normal(0, 0.01, pts.shape).astype(np.float32)
        return torch.from_numpy(pts).transpose(0, 1), self.labels[i]


class PointNetCls(nn.Module):
    def __init__(self, k=40, dropout=0.4):
        super().__init__()
        self.feat = nn.Sequential(
            nn.Conv1d(3, 64, 1), nn.BatchNorm1d(64), nn.ReLU(),
            nn.Conv1d(64, 128, 1), nn.BatchNorm1d(128), nn.ReLU(),
            nn.Conv1d(128, 1024, 1), nn.BatchNorm1d(1024),
        )
        self.cls = nn.Sequential(
            nn.Linear(1024, 512), nn.BatchNorm1d(512), nn.ReLU(),
            nn.Linear(512, 256), nn.BatchNorm1d(256), nn.ReLU(), nn.Dropout(dropout),
            nn.Linear(256, k),
        )

    def forward(self, x):
        return self.cls(self.feat(x).max(dim=2).values)


def build_model(args):
    return PointNetCls(k=args.num_classes, dropout=args.dropout)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="data/modelnet40")
    ap.add_argument("--num-classes", type=int, default=40)
    ap.add_argument("--dropout", type=float, default=0.4)
    ap.add_argument("--epochs", type=int, default=200)
    ap.add_argument("--bs", type=int, default=32)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--init", default=None, help="full pickled model to fine-tune from")
    ap.add_argument("--log-dir", default="log/pointnet")
    args = ap.parse_args()
    os.makedirs(args.log_dir, exist_ok=True)

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_dl = DataLoader(ModelNet(args.data, "train", True), args.bs, shuffle=True, num_workers=4,
                          drop_last=True)
    test_dl = DataLoader(ModelNet(args.data, "test", False), args.bs, num_workers=4)

    model = build_model(args)
    if args.init:
        print(f"loading {args.init}")
        model = torch.load(args.init, map_location="cpu")
        if model.cls[-1].out_features != args.num_classes:
            model.cls[-1] = nn.Linear(model.cls[-1].in_features, args.num_classes)
    model = model.to(device)

    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr, betas=(0.9, 0.999), weight_decay=1e-4)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=20, gamma=0.7)

    best_acc = 0.0
    for epoch in range(args.epochs):
        model.train()
        losses = []
        for pts, target in train_dl:
            pts, target = pts.to(device), target.to(device)
            optimizer.zero_grad()
            loss = F.cross_entropy(model(pts), target, label_smoothing=0.2)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        scheduler.step()

        model.eval()
        correct = total = 0
        with torch.no_grad():
            for pts, target in test_dl:
                pred = model(pts.to(device)).argmax(1).cpu()
                correct += (pred == target).sum().item()
                total += target.numel()
        acc = correct / total
        print(f"epoch {epoch:3d} loss {np.mean(losses):.4f} test acc {acc:.4f}")
        if acc > best_acc:
            best_acc = acc
            torch.save(model, os.path.join(args.log_dir, "best_model.pt"))
    print("best instance acc", best_acc)


if __name__ == "__main__":
    main()
