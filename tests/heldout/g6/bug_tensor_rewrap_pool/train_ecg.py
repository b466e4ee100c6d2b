"""1D-CNN arrhythmia classifier on MIT-BIH heartbeat segments (187 samples per beat)."""
import argparse
import logging

import numpy as np
import pandas as pd
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset, WeightedRandomSampler

logger = logging.getLogger("ecg")


def read_split(csv_path):
    df = pd.read_csv(csv_path, header=None)
    signals = df.iloc[:, :-1].values.astype(np.float32)
    labels = df.iloc[:, -1].values.astype(np.int64)
    return torch.from_numpy(signals).unsqueeze(1), torch.from_numpy(labels)


class ConvBlock(nn.Module):
    def __init__(self, c_in, c_out, k=5):
        super().__init__()
        self.conv1 = nn.Conv1d(c_in, c_out, k, padding=k // 2)
        self.bn1 = nn.BatchNorm1d(c_out)
        self.conv2 = nn.Conv1d(c_out, c_out, k, padding=k // 2)
        self.bn2 = nn.BatchNorm1d(c_out)
        self.skip = nn.Conv1d(c_in, c_out, 1) if c_in != c_out else nn.Identity()

    def forward(self, x):
        h = F.relu(self.bn1(self.conv1(x)))
        h = self.bn2(self.conv2(h))
        return F.max_pool1d(F.relu(h + self.skip(x)), 2)


class BeatNet(nn.Module):
    def __init__(self, n_classes=5, widths=(32, 64, 128, 128)):
        super().__init__()
        blocks, c = [], 1
        for w in widths:
            blocks.append(ConvBlock(c, w))
            c = w
        self.features = nn.Sequential(*blocks)
        self.classifier = nn.Sequential(
            nn.Linear(2 * c, 64),
            nn.ReLU(),
            nn.Dropout(0.3),
            nn.Linear(64, n_classes),
        )

    def _global_pool(self, h):
        avg = h.mean(dim=-1)
        mx = h.amax(dim=-1)
        pooled = torch.cat([avg, mx], dim=1)
        return torch.tensor(pooled, dtype=torch.float32, device=h.device)  # EXPECT: TL010  # <- TL010

    def forward(self, x):
        h = self.features(x)
        h = self._global_pool(h)
        return self.classifier(h)


def balanced_sampler(labels):
    counts = torch.bincount(labels)
    weights = 1.0 / counts.float()
    return WeightedRandomSampler(weights[labels], num_samples=len(labels), replacement=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--train", default="mitbih_train.csv")
    parser.add_argument("--test", default="mitbih_test.csv")
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--lr", type=float, default=1e-3)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)

    device = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")
    x_tr, y_tr = read_split(args.train)
    x_te, y_te = read_split(args.test)
    train_loader = DataLoader(TensorDataset(x_tr, y_tr), batch_size=args.batch_size,
                              sampler=balanced_sampler(y_tr))
    test_loader = DataLoader(TensorDataset(x_te, y_te), batch_size=1024)

    net = BeatNet(n_classes=int(y_tr.max()) + 1).to(device)
    opt = torch.optim.Adam(net.parameters(), lr=args.lr)
    sched = torch.optim.lr_scheduler.MultiStepLR(opt, milestones=[15, 25], gamma=0.1)
    crit = nn.CrossEntropyLoss()

    for epoch in range(args.epochs):
        net.train()
        tot = 0.0
        for sig, lab in train_loader:
            sig, lab = sig.to(device), lab.to(device)
            opt.zero_grad()
            loss = crit(net(sig), lab)
            loss.backward()
            opt.step()
            tot += loss.item()
        sched.step()

        net.eval()
        correct = 0
        with torch.no_grad():
            for sig, lab in test_loader:
                sig, lab = sig.to(device), lab.to(device)
                correct += (net(sig).argmax(1) == lab).sum().item()
        logger.info("epoch %d loss %.4f test acc %.4f", epoch, tot / len(train_loader),
                    correct / len(test_loader.dataset))

    torch.save(net.state_dict(), "beatnet.pt")


if __name__ == "__main__":
    main()
