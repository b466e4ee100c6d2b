from dataclasses import dataclass

import torch
import torch.nn as nn
from torch.utils.data import DataLoader

from datasets import TabularDataset, load_frame, stratified_indices
from nets import WineNet, decode, init_weights, ordinal_targets


@dataclass
class Cfg:
    csv: str = "data/winequality-white.csv"
    val_frac: float = 0.2
    seed: int = 5
    epochs: int = 150
    batch_size: int = 64
    lr: float = 2e-3
    min_level: int = 3
    n_levels: int = 7


def run(cfg: Cfg):
    torch.manual_seed(cfg.seed)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    X, y = load_frame(cfg.csv)
    tr_idx, va_idx = stratified_indices(y, cfg.val_frac, cfg.seed)

    train_ds = TabularDataset(X[tr_idx], y[tr_idx])
    val_ds = TabularDataset(X[va_idx], y[va_idx], mean=train_ds.mean, std=train_ds.std)
    train_dl = DataLoader(train_ds, batch_size=cfg.batch_size, shuffle=True)
    val_dl = DataLoader(val_ds, batch_size=512)

    net = WineNet(X.shape[1], cfg.n_levels).to(device)
    net.apply(init_weights)
    opt = torch.optim.Adam(net.parameters(), lr=cfg.lr)
    sched = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.99)
    bce = nn.BCEWithLogitsLoss()

    best_mae = float("inf")
    for epoch in range(cfg.epochs):
        net.train()
        for xb, yb in train_dl:
            xb, yb = xb.to(device), yb.to(device)
            loss = bce(net(xb), ordinal_targets(yb, cfg.min_level, cfg.n_levels))
            opt.zero_grad()
            loss.backward()
            opt.step()
        sched.step()

        net.eval()
        abs_err, n = 0.0, 0
        with torch.no_grad():
            for xb, yb in val_dl:
                pred = decode(net(xb.to(device)), cfg.min_level).cpu()
                abs_err += (pred - yb).abs().sum().item()
                n += len(yb)
        mae = abs_err / n
        if mae < best_mae:
            best_mae = mae
            torch.save({"net": net.state_dict(), **train_ds.stats}, "wine_coral.pt")
        if epoch % 10 == 0:
            print(f"epoch {epoch:3d} loss {loss.item():.4f} val MAE {mae:.3f}")
    print("best val MAE", best_mae)


if __name__ == "__main__":
    run(Cfg())
