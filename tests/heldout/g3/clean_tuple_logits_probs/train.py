import argparse
import logging

import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

from net import WDCNN

logging.basicConfig(level=logging.INFO, format="[%(levelname)s] %(message)s")


def expected_calibration_error(probs, labels, n_bins=15):
    conf, pred = probs.max(dim=1)
    acc = pred.eq(labels).float()
    bins = torch.linspace(0, 1, n_bins + 1, device=probs.device)
    ece = torch.zeros(1, device=probs.device)
    for lo, hi in zip(bins[:-1], bins[1:]):
        in_bin = (conf > lo) & (conf <= hi)
        if in_bin.any():
            ece += in_bin.float().mean() * (conf[in_bin].mean() - acc[in_bin].mean()).abs()
    return ece.item()


def load_split(path):
    data = np.load(path)
    x = torch.from_numpy(data["x"]).float().unsqueeze(1)
    y = torch.from_numpy(data["y"]).long()
    return TensorDataset(x, y)


def run(args):
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_dl = DataLoader(load_split(args.train), batch_size=args.batch_size, shuffle=True)
    test_dl = DataLoader(load_split(args.test), batch_size=512)

    net = WDCNN(num_classes=args.num_classes).to(device)
    crit = nn.CrossEntropyLoss()
    opt = torch.optim.Adam(net.parameters(), lr=args.lr)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=20, gamma=0.5)

    for epoch in range(args.epochs):
        net.train()
        tot, n = 0.0, 0
        for x, y in train_dl:
            x, y = x.to(device), y.to(device)
            logits, probs = net(x)
            loss = crit(logits, y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            tot += loss.item() * y.size(0)
            n += y.size(0)
        sched.step()

        net.eval()
        all_probs, all_y = [], []
        with torch.no_grad():
            for x, y in test_dl:
                _, probs = net(x.to(device))
                all_probs.append(probs)
                all_y.append(y.to(device))
        probs, ys = torch.cat(all_probs), torch.cat(all_y)
        acc = probs.argmax(1).eq(ys).float().mean().item()
        ece = expected_calibration_error(probs, ys)
        logging.info("epoch %3d  loss %.4f  test acc %.4f  ECE %.4f", epoch, tot / n, acc, ece)

    torch.save(net.state_dict(), args.out)


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--train", default="data/cwru_train.npz")
    p.add_argument("--test", default="data/cwru_test.npz")
    p.add_argument("--num-classes", type=int, default=10)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--epochs", type=int, default=60)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--out", default="wdcnn.pt")
    run(p.parse_args())
