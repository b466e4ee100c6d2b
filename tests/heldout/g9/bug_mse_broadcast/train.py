import argparse
import copy
import logging

import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader

from data import NUMERIC_COLS, load_splits
from models import MLPRegressor

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
log = logging.getLogger("housing")


def get_args():
    ap = argparse.ArgumentParser()
    ap.add_argument("--csv", default="data/california_housing.csv")
    ap.add_argument("--epochs", type=int, default=100)
    ap.add_argument("--batch-size", type=int, default=256)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--wd", type=float, default=1e-5)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--depth", type=int, default=3)
    ap.add_argument("--patience", type=int, default=12)
    return ap.parse_args()


@torch.no_grad()
def rmse(model, loader, device):
    model.eval()
    se, n = 0.0, 0
    for xb, yb in loader:
        xb, yb = xb.to(device), yb.to(device)
        pred = model(xb).squeeze(-1)
        se += ((pred - yb) ** 2).sum().item()
        n += yb.numel()
    return float(np.sqrt(se / n))


def main():
    args = get_args()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    splits, _ = load_splits(args.csv)
    train_loader = DataLoader(splits["train"], batch_size=args.batch_size, shuffle=True)
    val_loader = DataLoader(splits["val"], batch_size=1024)
    test_loader = DataLoader(splits["test"], batch_size=1024)

    model = MLPRegressor(len(NUMERIC_COLS), hidden=args.hidden, depth=args.depth).to(device)
    criterion = nn.MSELoss()
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.wd)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, factor=0.5, patience=4)

    best_rmse, best_state, bad_epochs = float("inf"), None, 0
    for epoch in range(args.epochs):
        model.train()
        epoch_loss = 0.0
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            optimizer.zero_grad()
            preds = model(xb)
            loss = criterion(preds, yb)  # EXPECT: TL009
            loss.backward()
            optimizer.step()
            epoch_loss += loss.item() * xb.size(0)
        epoch_loss /= len(train_loader.dataset)

        val_rmse = rmse(model, val_loader, device)
        scheduler.step(val_rmse)
        log.info("epoch %3d  train_mse %.4f  val_rmse %.4f", epoch, epoch_loss, val_rmse)

        if val_rmse < best_rmse - 1e-4:
            best_rmse, best_state, bad_epochs = val_rmse, copy.deepcopy(model.state_dict()), 0
        else:
            bad_epochs += 1
            if bad_epochs >= args.patience:
                log.info("early stopping at epoch %d", epoch)
                break

    model.load_state_dict(best_state)
    log.info("best val rmse %.4f | test rmse %.4f", best_rmse, rmse(model, test_loader, device))
    torch.save(model.state_dict(), "mlp_regressor.pt")


if __name__ == "__main__":
    main()
