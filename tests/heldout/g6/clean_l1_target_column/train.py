import argparse

import numpy as np
import torch
import torch.nn as nn

from data import FEATURES, build_loaders
from trainer import Regressor


def make_net(n_in, width=64, depth=3):
    layers, d = [], n_in
    for _ in range(depth):
        layers += [nn.Linear(d, width), nn.Tanh()]
        d = width
    layers.append(nn.Linear(d, 1))
    return nn.Sequential(*layers)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="Folds5x2_pp.xlsx")
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--width", type=int, default=64)
    args = ap.parse_args()

    torch.manual_seed(0)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    train_loader, test_loader, y_scaler = build_loaders(args.data, args.batch_size)

    reg = Regressor(make_net(len(FEATURES), args.width), lr=args.lr, device=device)
    reg.fit(train_loader, test_loader)

    pred, true = reg.predict(test_loader)
    pred_mw, true_mw = y_scaler.inverse(pred), y_scaler.inverse(true)
    print(f"test MAE: {np.abs(pred_mw - true_mw).mean():.3f} MW")
    torch.save(reg.net.state_dict(), "ccpp_mlp.pt")


if __name__ == "__main__":
    main()
