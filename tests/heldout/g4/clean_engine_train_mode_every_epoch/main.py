import argparse
import os

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset

from engine import evaluate, train_one_epoch
from model import PointNetCls


class ModelNetNpz(Dataset):
    def __init__(self, path, npoints=1024, augment=False):
        data = np.load(path)
        self.points = data["points"].astype(np.float32)
        self.labels = data["labels"].astype(np.int64)
        self.npoints = npoints
        self.augment = augment

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        pts = self.points[i][: self.npoints]
        pts = pts - pts.mean(0)
        pts = pts / np.max(np.linalg.norm(pts, axis=1))
        if self.augment:
            pts = pts * np.random.uniform(0.8, 1.25, size=(1, 3)).astype(np.float32)
            pts = pts + np.random.uniform(-0.1, 0.1, size=(1, 3)).astype(np.float32)
        return torch.from_numpy(pts), self.labels[i]


def parse():
    p = argparse.ArgumentParser("PointNet ModelNet40")
    p.add_argument("--data_dir", default="data/modelnet40")
    p.add_argument("--batch_size", type=int, default=24)
    p.add_argument("--epoch", type=int, default=200)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--log_dir", default="log/pointnet_cls")
    return p.parse_args()


def main():
    args = parse()
    os.makedirs(args.log_dir, exist_ok=True)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

    train_ds = ModelNetNpz(os.path.join(args.data_dir, "train.npz"), augment=True)
    test_ds = ModelNetNpz(os.path.join(args.data_dir, "test.npz"))
    train_loader = DataLoader(train_ds, batch_size=args.batch_size, shuffle=True, num_workers=8, drop_last=True)
    test_loader = DataLoader(test_ds, batch_size=args.batch_size, shuffle=False, num_workers=8)

    model = PointNetCls(k=40).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr, betas=(0.9, 0.999), weight_decay=1e-4)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=20, gamma=0.7)

    best_inst, best_cls = 0.0, 0.0
    for epoch in range(args.epoch):
        train_loss, train_acc = train_one_epoch(model, train_loader, optimizer, device, epoch)
        scheduler.step()
        inst_acc, cls_acc = evaluate(model, test_loader, device)
        best_cls = max(best_cls, cls_acc)
        if inst_acc >= best_inst:
            best_inst = inst_acc
            torch.save({"epoch": epoch, "model_state_dict": model.state_dict()},
                       os.path.join(args.log_dir, "best_model.pth"))
        print(f"Epoch {epoch + 1}/{args.epoch} loss {train_loss:.4f} train acc {train_acc:.4f} "
              f"test inst {inst_acc:.4f} (best {best_inst:.4f}) class {cls_acc:.4f} (best {best_cls:.4f})")


if __name__ == "__main__":
    main()
