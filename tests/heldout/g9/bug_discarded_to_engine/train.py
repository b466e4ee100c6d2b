import argparse
import os

import h5py
import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset
from tqdm import tqdm

from engine import evaluate, train_step
from model import DenseDepth

MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32).reshape(3, 1, 1)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32).reshape(3, 1, 1)


class NYUDepthH5(Dataset):
    def __init__(self, path, train=True):
        self.path = path
        self.train = train
        with h5py.File(path, "r") as f:
            self.length = f["images"].shape[0]
        self._file = None

    def __len__(self):
        return self.length

    def __getitem__(self, idx):
        if self._file is None:
            self._file = h5py.File(self.path, "r")
        img = self._file["images"][idx].astype(np.float32) / 255.0
        depth = self._file["depths"][idx].astype(np.float32)
        if self.train and np.random.rand() < 0.5:
            img, depth = img[:, :, ::-1].copy(), depth[:, ::-1].copy()
        img = (img - MEAN) / STD
        return torch.from_numpy(img), torch.from_numpy(depth).unsqueeze(0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train-h5", default="data/nyu_train.h5")
    ap.add_argument("--test-h5", default="data/nyu_test.h5")
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--bs", type=int, default=8)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--save", default="ckpt")
    args = ap.parse_args()
    os.makedirs(args.save, exist_ok=True)

    device = torch.device("cuda")
    train_dl = DataLoader(NYUDepthH5(args.train_h5, True), batch_size=args.bs, shuffle=True,
                          num_workers=4, pin_memory=True, drop_last=True)
    test_dl = DataLoader(NYUDepthH5(args.test_h5, False), batch_size=args.bs, num_workers=4)

    model = DenseDepth().to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-2)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=8, gamma=0.3)
    scaler = torch.cuda.amp.GradScaler()

    for epoch in range(args.epochs):
        model.train()
        pbar = tqdm(train_dl, desc=f"epoch {epoch}")
        for batch in pbar:
            loss = train_step(model, batch, optimizer, device, scaler)  # <- TL015
            pbar.set_postfix(silog=f"{loss:.3f}")
        scheduler.step()
        metrics = evaluate(model, test_dl, device)
        print(f"epoch {epoch}: " + ", ".join(f"{k}={v:.4f}" for k, v in metrics.items()))
        torch.save(model.state_dict(), os.path.join(args.save, f"densedepth_e{epoch}.pt"))


if __name__ == "__main__":
    main()
