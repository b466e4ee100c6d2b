import argparse
import logging

import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

from model import NormedSigmoidMLP, count_parameters

logger = logging.getLogger(__name__)


def make_data(path):
    blob = np.load(path)
    x_tr, y_tr = blob["x_train"].astype(np.float32), blob["y_train"].astype(np.int64)
    x_va, y_va = blob["x_val"].astype(np.float32), blob["y_val"].astype(np.int64)
    return TensorDataset(torch.from_numpy(x_tr), torch.from_numpy(y_tr)), TensorDataset(
        torch.from_numpy(x_va), torch.from_numpy(y_va)
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="covtype.npz")
    parser.add_argument("--hidden", type=int, default=512)
    parser.add_argument("--epochs", type=int, default=25)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--bs", type=int, default=512)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_ds, val_ds = make_data(args.data)
    n_feat = train_ds.tensors[0].shape[1]
    n_cls = int(train_ds.tensors[1].max()) + 1

    train_loader = DataLoader(train_ds, batch_size=args.bs, shuffle=True, pin_memory=True)
    val_loader = DataLoader(val_ds, batch_size=4096)

    model = NormedSigmoidMLP(n_feat, args.hidden, n_cls).to(device)
    logger.info("params: %d", count_parameters(model))
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=args.epochs)
    criterion = nn.CrossEntropyLoss(label_smoothing=0.05)

    for epoch in range(args.epochs):
        model.train()
        for xb, yb in train_loader:
            xb, yb = xb.to(device, non_blocking=True), yb.to(device, non_blocking=True)
            optimizer.zero_grad()
            loss = criterion(model(xb), yb)
            loss.backward()
            optimizer.step()
        scheduler.step()

        model.eval()
        correct = 0
        with torch.no_grad():
            for xb, yb in val_loader:
                correct += (model(xb.to(device)).argmax(-1).cpu() == yb).sum().item()
        logger.info("epoch %d  last_loss %.4f  val_acc %.4f", epoch, loss.item(), correct / len(val_ds))


if __name__ == "__main__":
    main()
