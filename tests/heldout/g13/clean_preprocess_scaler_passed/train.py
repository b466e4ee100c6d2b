import argparse

import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split
from torch.utils.data import DataLoader, TensorDataset

from net import PriceRegressor
from prep import preprocess

FEATURES = [
    "OverallQual", "OverallCond", "GrLivArea", "TotalBsmtSF", "1stFlrSF", "2ndFlrSF",
    "LotArea", "LotFrontage", "MasVnrArea", "GarageCars", "GarageArea", "Fireplaces",
    "TotRmsAbvGrd", "TotalSF", "Age", "RemodAge", "TotalBath",
]


def loader(X, y=None, bs=128, shuffle=False):
    tensors = [torch.tensor(X)]
    if y is not None:
        tensors.append(torch.tensor(y, dtype=torch.float32))
    return DataLoader(TensorDataset(*tensors), batch_size=bs, shuffle=shuffle)


def rmse_log(model, dl, device):
    model.eval()
    sq, n = 0.0, 0
    with torch.no_grad():
        for xb, yb in dl:
            pred = model(xb.to(device))
            sq += ((pred - yb.to(device)) ** 2).sum().item()
            n += len(yb)
    return (sq / n) ** 0.5


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", default="input/train.csv")
    ap.add_argument("--test", default="input/test.csv")
    ap.add_argument("--epochs", type=int, default=300)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    torch.manual_seed(args.seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

    full = pd.read_csv(args.train)
    full = full[full.GrLivArea < 4500]  # the two well-known outliers
    test_df = pd.read_csv(args.test)
    tr_df, va_df = train_test_split(full, test_size=0.15, random_state=args.seed)

    X_tr, scaler, fills = preprocess(tr_df, FEATURES)
    X_va, _, _ = preprocess(va_df, FEATURES, scaler, fills)
    X_te, _, _ = preprocess(test_df, FEATURES, scaler=scaler, fill_values=fills)
    y_tr = np.log1p(tr_df.SalePrice.values)
    y_va = np.log1p(va_df.SalePrice.values)
    y_mean = y_tr.mean()

    train_dl = loader(X_tr, y_tr - y_mean, bs=64, shuffle=True)
    valid_dl = loader(X_va, y_va - y_mean, bs=512)

    model = PriceRegressor(X_tr.shape[1]).to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-3)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=args.epochs)
    crit = nn.MSELoss()

    best, best_state = float("inf"), None
    for epoch in range(args.epochs):
        model.train()
        for xb, yb in train_dl:
            xb, yb = xb.to(device), yb.to(device)
            opt.zero_grad()
            loss = crit(model(xb), yb)
            loss.backward()
            opt.step()
        sched.step()
        score = rmse_log(model, valid_dl, device)
        if score < best:
            best = score
            best_state = {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}
        if epoch % 25 == 0:
            print(f"epoch {epoch:3d}  valid RMSLE {score:.4f}  (best {best:.4f})")

    model.load_state_dict(best_state)
    model.eval()
    with torch.no_grad():
        preds = model(torch.tensor(X_te, device=device)).cpu().numpy() + y_mean
    pd.DataFrame({"Id": test_df.Id, "SalePrice": np.expm1(preds)}).to_csv("submission.csv", index=False)
    print(f"best valid RMSLE {best:.4f}; wrote submission.csv")


if __name__ == "__main__":
    main()
