import json
import os

import cv2
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset

from lib.ops import render_gaussian_targets
from models import SimpleBaselinePose

CFG = {
    "root": "data/animal_pose",
    "input_size": (256, 256),
    "heatmap_size": (64, 64),
    "num_joints": 17,
    "batch_size": 32,
    "epochs": 140,
    "lr": 1e-3,
    "milestones": [90, 120],
    "coord_weight": 0.5,
}
MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)


class KeypointCrops(Dataset):
    def __init__(self, root, split, cfg):
        with open(os.path.join(root, f"{split}.json")) as f:
            self.samples = json.load(f)
        self.root = root
        self.cfg = cfg

    def __len__(self):
        return len(self.samples)

    def __getitem__(self, idx):
        s = self.samples[idx]
        img = cv2.cvtColor(cv2.imread(os.path.join(self.root, s["file"])), cv2.COLOR_BGR2RGB)
        h, w = img.shape[:2]
        in_w, in_h = self.cfg["input_size"]
        img = cv2.resize(img, (in_w, in_h))
        img = (img.astype(np.float32) / 255.0 - MEAN) / STD
        kps = np.array(s["keypoints"], dtype=np.float32).reshape(-1, 3)
        xy, vis = kps[:, :2] / np.array([w, h], dtype=np.float32), kps[:, 2]
        hm_w, hm_h = self.cfg["heatmap_size"]
        heatmaps = render_gaussian_targets(xy * np.array([hm_w, hm_h]), vis, (hm_h, hm_w))
        return (torch.from_numpy(img.transpose(2, 0, 1)), torch.from_numpy(heatmaps),
                torch.from_numpy(xy), torch.from_numpy((vis > 0).astype(np.float32)))


def main(cfg=CFG):
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_loader = DataLoader(KeypointCrops(cfg["root"], "train", cfg), batch_size=cfg["batch_size"],
                              shuffle=True, num_workers=8, pin_memory=True, drop_last=True)
    val_loader = DataLoader(KeypointCrops(cfg["root"], "val", cfg), batch_size=cfg["batch_size"],
                            shuffle=False, num_workers=8)

    model = SimpleBaselinePose(num_joints=cfg["num_joints"]).to(device)
    hm_loss = nn.MSELoss()
    coord_loss = nn.L1Loss(reduction="none")
    optimizer = torch.optim.Adam(model.parameters(), lr=cfg["lr"])
    scheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, cfg["milestones"], gamma=0.1)

    for epoch in range(cfg["epochs"]):
        model.train()
        for step, (img, target_hm, target_xy, vis) in enumerate(train_loader):
            img, target_hm = img.to(device), target_hm.to(device)
            target_xy, vis = target_xy.to(device), vis.to(device)
            heatmaps, coords = model(img)
            l_hm = hm_loss(heatmaps, target_hm)
            l_xy = (coord_loss(coords, target_xy).sum(-1) * vis).sum() / vis.sum().clamp(min=1)
            loss = l_hm + cfg["coord_weight"] * l_xy
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            if step % 100 == 0:
                print(f"ep {epoch} it {step} hm {l_hm.item():.5f} xy {l_xy.item():.4f}")
        scheduler.step()

        model.eval()
        err, n = 0.0, 0.0
        with torch.no_grad():
            for img, _, target_xy, vis in val_loader:
                _, coords = model(img.to(device))
                d = (coords.cpu() - target_xy).norm(dim=-1)
                err += (d * vis).sum().item()
                n += vis.sum().item()
        print(f"epoch {epoch}: mean normalised error {err / max(n, 1):.4f}")
        torch.save(model.state_dict(), "pose_last.pth")


if __name__ == "__main__":
    main()
