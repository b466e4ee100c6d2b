import argparse

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset

from engine import train_one_epoch, validate
from model import BirdCallNet


class MelClips(Dataset):
    def __init__(self, npz_path, train=True, crop=312):
        blob = np.load(npz_path)
        self.mels = blob["mels"]
        self.labels = blob["labels"]
        self.train = train
        self.crop = crop

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        mel = self.mels[i]
        if self.train:
            start = np.random.randint(0, max(mel.shape[1] - self.crop, 1))
        else:
            start = max((mel.shape[1] - self.crop) // 2, 0)
        mel = mel[:, start : start + self.crop]
        return torch.from_numpy(mel).float().unsqueeze(0), int(self.labels[i])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train-npz", default="features/train_mels.npz")
    ap.add_argument("--val-npz", default="features/val_mels.npz")
    ap.add_argument("--n-classes", type=int, default=264)
    ap.add_argument("--epochs", type=int, default=40)
    ap.add_argument("--bs", type=int, default=32)
    ap.add_argument("--accum", type=int, default=4)
    ap.add_argument("--lr", type=float, default=1e-3)
    args = ap.parse_args()

    device = torch.device("cuda")
    train_loader = DataLoader(MelClips(args.train_npz, train=True), batch_size=args.bs, shuffle=True, num_workers=8,
                              drop_last=True)
    val_loader = DataLoader(MelClips(args.val_npz, train=False), batch_size=args.bs * 2, num_workers=8)

    model = BirdCallNet(args.n_classes).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-2)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(optimizer, T_0=10)
    scaler = torch.cuda.amp.GradScaler()

    best = 0.0
    for epoch in range(args.epochs):
        loss, acc = train_one_epoch(model, train_loader, optimizer, scaler, device, args.accum)
        scheduler.step()
        val_acc = validate(model, val_loader, device)
        print(f"epoch {epoch} loss {loss:.4f} train_acc {acc:.3f} val_acc {val_acc:.3f}")
        if val_acc > best:
            best = val_acc
            torch.save(model.state_dict(), "birdcall_best.pt")


if __name__ == "__main__":
    main()
