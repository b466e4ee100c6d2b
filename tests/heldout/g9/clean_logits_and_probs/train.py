import argparse
import json
import os

import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset

from engine import evaluate, train_one_epoch
from model import AudioCNN


class LogMelDataset(Dataset):
    """Pre-computed log-mel spectrograms stored as .npy files (one per clip)."""

    def __init__(self, root, folds, meta, train=True, crop_frames=431):
        self.items = [(os.path.join(root, m["file"]), m["target"]) for m in meta if m["fold"] in folds]
        self.train = train
        self.crop_frames = crop_frames

    def __len__(self):
        return len(self.items)

    def __getitem__(self, idx):
        path, target = self.items[idx]
        spec = np.load(path).astype(np.float32)
        if self.train and spec.shape[1] > self.crop_frames:
            start = np.random.randint(0, spec.shape[1] - self.crop_frames)
            spec = spec[:, start:start + self.crop_frames]
        spec = (spec - spec.mean()) / (spec.std() + 1e-6)
        return torch.from_numpy(spec).unsqueeze(0), target


def parse_args():
    p = argparse.ArgumentParser(description="ESC-50 training")
    p.add_argument("--root", default="data/esc50_logmel")
    p.add_argument("--val-fold", type=int, default=5)
    p.add_argument("--epochs", type=int, default=60)
    p.add_argument("--bs", type=int, default=32)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--amp", action="store_true")
    return p.parse_args()


def main():
    args = parse_args()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    with open(os.path.join(args.root, "meta.json")) as f:
        meta = json.load(f)
    train_folds = [k for k in range(1, 6) if k != args.val_fold]
    train_ds = LogMelDataset(args.root, train_folds, meta, train=True)
    val_ds = LogMelDataset(args.root, [args.val_fold], meta, train=False)
    train_dl = DataLoader(train_ds, batch_size=args.bs, shuffle=True, num_workers=4, drop_last=True)
    val_dl = DataLoader(val_ds, batch_size=args.bs, shuffle=False, num_workers=4)

    net = AudioCNN(num_classes=50).to(device)
    crit = nn.CrossEntropyLoss()
    opt = torch.optim.Adam(net.parameters(), lr=args.lr)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=20, gamma=0.3)
    scaler = torch.cuda.amp.GradScaler(enabled=args.amp and device.type == "cuda")

    best = 0.0
    for epoch in range(1, args.epochs + 1):
        tr_loss = train_one_epoch(net, train_dl, opt, crit, device, scaler)
        stats = evaluate(net, val_dl, crit, device)
        sched.step()
        print(f"[{epoch:03d}] train {tr_loss:.4f} | val {stats['loss']:.4f} "
              f"acc {stats['acc']:.3f} conf {stats['mean_conf']:.3f}")
        if stats["acc"] > best:
            best = stats["acc"]
            torch.save(net.state_dict(), f"audiocnn_fold{args.val_fold}.pt")


if __name__ == "__main__":
    main()
