import argparse

import h5py
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

from utils import grad_norm, random_rotate_jitter, reset_grads, save_checkpoint, set_seed


class PointNetCls(nn.Module):
    def __init__(self, k=40):
        super().__init__()
        self.mlp1 = nn.Sequential(nn.Conv1d(3, 64, 1), nn.BatchNorm1d(64), nn.ReLU(),
                                  nn.Conv1d(64, 128, 1), nn.BatchNorm1d(128), nn.ReLU(),
                                  nn.Conv1d(128, 1024, 1), nn.BatchNorm1d(1024), nn.ReLU())
        self.head = nn.Sequential(nn.Linear(1024, 512), nn.BatchNorm1d(512), nn.ReLU(), nn.Dropout(0.4),
                                  nn.Linear(512, 256), nn.BatchNorm1d(256), nn.ReLU(), nn.Dropout(0.4),
                                  nn.Linear(256, k))

    def forward(self, pts):
        x = self.mlp1(pts.transpose(1, 2))
        x = torch.max(x, dim=2).values
        return self.head(x)


def load_h5(path):
    with h5py.File(path, "r") as f:
        return torch.from_numpy(np.array(f["data"], dtype=np.float32)), \
            torch.from_numpy(np.array(f["label"], dtype=np.int64)).squeeze(-1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train-h5", default="data/modelnet40_train.h5")
    ap.add_argument("--test-h5", default="data/modelnet40_test.h5")
    ap.add_argument("--epochs", type=int, default=200)
    ap.add_argument("--bs", type=int, default=32)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    set_seed(args.seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_loader = DataLoader(TensorDataset(*load_h5(args.train_h5)), batch_size=args.bs,
                              shuffle=True, drop_last=True, num_workers=4)
    test_loader = DataLoader(TensorDataset(*load_h5(args.test_h5)), batch_size=64, num_workers=4)

    net = PointNetCls().to(device)
    opt = torch.optim.Adam(net.parameters(), lr=args.lr, betas=(0.9, 0.999), weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=20, gamma=0.7)

    best_acc = 0.0
    for epoch in range(args.epochs):
        net.train()
        seen, correct, loss_sum = 0, 0, 0.0
        for it, (pts, label) in enumerate(train_loader):
            pts, label = random_rotate_jitter(pts.to(device)), label.to(device)
            reset_grads(net)
            logits = net(pts)
            loss = F.cross_entropy(logits, label, label_smoothing=0.2)
            loss.backward()
            if it % 100 == 0:
                print(f"epoch {epoch} it {it} loss {loss.item():.4f} |g| {grad_norm(net):.3f}")
            opt.step()
            loss_sum += loss.item() * label.size(0)
            correct += (logits.argmax(1) == label).sum().item()
            seen += label.size(0)
        sched.step()

        net.eval()
        t_correct, t_seen = 0, 0
        with torch.no_grad():
            for pts, label in test_loader:
                pts, label = pts.to(device), label.to(device)
                t_correct += (net(pts).argmax(1) == label).sum().item()
                t_seen += label.size(0)
        test_acc = t_correct / t_seen
        print(f"epoch {epoch}: train loss {loss_sum / seen:.4f} acc {correct / seen:.4f} | test acc {test_acc:.4f}")
        if test_acc > best_acc:
            best_acc = test_acc
            save_checkpoint(net, opt, epoch, "checkpoints/pointnet_best.pth")


if __name__ == "__main__":
    main()
