import argparse
import logging
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset

import val as validate
from utils import seed_everything, select_device

LOGGER = logging.getLogger("pointnet")


class ModelNetNpz(Dataset):
    def __init__(self, root, split, npoints=1024, augment=False):
        data = np.load(Path(root) / f"modelnet40_{split}.npz")
        self.points, self.labels = data["points"].astype(np.float32), data["labels"].astype(np.int64)
        self.npoints, self.augment = npoints, augment

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        pts = self.points[i][: self.npoints].copy()
        pts = pts - pts.mean(axis=0, keepdims=True)
        pts = pts / np.max(np.linalg.norm(pts, axis=1))
        if self.augment:
            pts = pts * np.random.uniform(0.8, 1.25) + np.random.normal(0, 0.01, pts.shape)
        return torch.from_numpy(pts.astype(np.float32)), self.labels[i]


class PointNetCls(nn.Module):
    def __init__(self, k=40):
        super().__init__()
        self.feat = nn.Sequential(
            nn.Conv1d(3, 64, 1), nn.BatchNorm1d(64), nn.ReLU(),
            nn.Conv1d(64, 128, 1), nn.BatchNorm1d(128), nn.ReLU(),
            nn.Conv1d(128, 1024, 1), nn.BatchNorm1d(1024),
        )
        self.head = nn.Sequential(
            nn.Linear(1024, 512), nn.BatchNorm1d(512), nn.ReLU(), nn.Dropout(0.4),
            nn.Linear(512, 256), nn.BatchNorm1d(256), nn.ReLU(), nn.Linear(256, k),
        )

    def forward(self, x):
        x = self.feat(x).max(dim=2).values
        return self.head(x), None


def main(opt):
    seed_everything(opt.seed)
    device = select_device(opt.device)
    train_dl = DataLoader(ModelNetNpz(opt.data, "train", augment=True), batch_size=opt.batch_size,
                          shuffle=True, num_workers=4, drop_last=True)
    test_dl = DataLoader(ModelNetNpz(opt.data, "test"), batch_size=opt.batch_size, num_workers=4)

    model = PointNetCls(k=40).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=opt.lr, weight_decay=1e-4)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=20, gamma=0.7)
    best_oa = 0.0
    for epoch in range(opt.epochs):
        model.train()
        for points, labels in train_dl:
            points, labels = points.to(device).transpose(2, 1), labels.to(device)
            optimizer.zero_grad()
            logits, trans_feat = model(points)
            loss = validate.pointnet_loss(logits, labels, trans_feat)
            loss.backward()
            optimizer.step()
        scheduler.step()
        results = validate.run(model, test_dl, device, criterion=nn.CrossEntropyLoss())
        LOGGER.info("epoch %d: OA %.4f mAcc %.4f loss %.4f", epoch, results["oa"],
                    results["macc"], results["loss"])
        if results["oa"] > best_oa:
            best_oa = results["oa"]
            torch.save(model.state_dict(), Path(opt.save_dir) / "best.pt")


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="data/modelnet40")
    parser.add_argument("--epochs", type=int, default=200)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--device", default="")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--save-dir", default=".")
    main(parser.parse_args())
