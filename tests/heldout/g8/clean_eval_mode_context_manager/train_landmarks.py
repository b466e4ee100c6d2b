"""Facial landmark regression (68 points) with a small CNN."""
import argparse
import contextlib
import json
import os

import numpy as np
import torch
import torch.nn as nn
from PIL import Image
from torch.utils.data import DataLoader, Dataset


@contextlib.contextmanager
def eval_mode(module):
    """Temporarily switch a module to inference behaviour (dropout off, BN running stats)."""
    was_training = module.training
    module.train(False)
    try:
        yield module
    finally:
        module.train(was_training)


class LandmarkDataset(Dataset):
    def __init__(self, ann_file, img_root, size=112):
        with open(ann_file) as f:
            self.items = json.load(f)
        self.img_root, self.size = img_root, size

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        item = self.items[i]
        img = Image.open(os.path.join(self.img_root, item["file"])).convert("RGB")
        w, h = img.size
        img = img.resize((self.size, self.size))
        x = torch.from_numpy(np.asarray(img, dtype=np.float32) / 255.0).permute(2, 0, 1)
        x = (x - 0.5) / 0.5
        pts = np.asarray(item["landmarks"], dtype=np.float32) / np.array([w, h], dtype=np.float32)
        return x, torch.from_numpy(pts.reshape(-1))


class LandmarkNet(nn.Module):
    def __init__(self, n_points=68):
        super().__init__()

        def stage(i, o):
            return nn.Sequential(nn.Conv2d(i, o, 3, padding=1, bias=False), nn.BatchNorm2d(o),
                                 nn.PReLU(o), nn.Conv2d(o, o, 3, padding=1, bias=False),
                                 nn.BatchNorm2d(o), nn.PReLU(o), nn.MaxPool2d(2))

        self.backbone = nn.Sequential(stage(3, 32), stage(32, 64), stage(64, 128), stage(128, 128))
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(128 * 7 * 7, 512), nn.PReLU(),
                                  nn.Dropout(0.3), nn.Linear(512, n_points * 2))

    def forward(self, x):
        return self.head(self.backbone(x))


def nme(pred, gt, n_points=68):
    pred, gt = pred.view(-1, n_points, 2), gt.view(-1, n_points, 2)
    iod = (gt[:, 36] - gt[:, 45]).norm(dim=-1).clamp(min=1e-6)  # outer eye corners
    return ((pred - gt).norm(dim=-1).mean(dim=-1) / iod)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train-ann", default="data/300w_train.json")
    ap.add_argument("--val-ann", default="data/300w_val.json")
    ap.add_argument("--img-root", default="data/images")
    ap.add_argument("--epochs", type=int, default=60)
    ap.add_argument("--lr", type=float, default=1e-3)
    args = ap.parse_args()

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_dl = DataLoader(LandmarkDataset(args.train_ann, args.img_root), batch_size=64,
                          shuffle=True, num_workers=6, drop_last=True)
    val_dl = DataLoader(LandmarkDataset(args.val_ann, args.img_root), batch_size=128, num_workers=6)

    net = LandmarkNet().to(device)
    opt = torch.optim.Adam(net.parameters(), lr=args.lr, weight_decay=1e-5)
    sched = torch.optim.lr_scheduler.MultiStepLR(opt, milestones=[30, 50], gamma=0.1)
    loss_fn = nn.SmoothL1Loss(beta=0.01)

    best = float("inf")
    net.train()
    for epoch in range(args.epochs):
        for x, y in train_dl:
            x, y = x.to(device), y.to(device)
            opt.zero_grad()
            loss = loss_fn(net(x), y)
            loss.backward()
            opt.step()
        sched.step()

        errs = []
        with eval_mode(net), torch.no_grad():
            for x, y in val_dl:
                errs.append(nme(net(x.to(device)), y.to(device)).cpu())
        val_nme = torch.cat(errs).mean().item()
        print(f"epoch {epoch:02d} last-batch loss {loss.item():.5f} val NME {val_nme * 100:.2f}%")
        if val_nme < best:
            best = val_nme
            torch.save(net.state_dict(), "landmarknet_best.pth")


if __name__ == "__main__":
    main()
