import argparse
import json
import os

import torch
from torch.utils.data import DataLoader

from data import load_series
from model import LSTMForecaster, SeasonalNaive, mae, rmse, smape


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--csv", default="datasets/ETTh1.csv")
    p.add_argument("--cols", default="OT,HUFL,HULL,MUFL,MULL,LUFL,LULL")
    p.add_argument("--window", type=int, default=96)
    p.add_argument("--horizon", type=int, default=24)
    p.add_argument("--epochs", type=int, default=20)
    p.add_argument("--bs", type=int, default=64)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--patience", type=int, default=3)
    p.add_argument("--out", default="checkpoints/lstm_etth1")
    return p.parse_args()


@torch.no_grad()
def run_eval(model, loader, device):
    model.eval()
    preds, targets = [], []
    for x, y in loader:
        preds.append(model(x.to(device)).cpu())
        targets.append(y)
    p, t = torch.cat(preds), torch.cat(targets)
    return {"mae": mae(p, t).item(), "rmse": rmse(p, t).item(), "smape": smape(p, t).item()}


def main():
    args = parse()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    cols = args.cols.split(",")
    splits, scale = load_series(args.csv, cols, args.window, args.horizon)
    train_dl = DataLoader(splits["train"], batch_size=args.bs, shuffle=True, drop_last=True)
    val_dl = DataLoader(splits["val"], batch_size=256)
    test_dl = DataLoader(splits["test"], batch_size=256)

    print("seasonal naive test:", run_eval(SeasonalNaive(args.horizon), test_dl, "cpu"))

    model = LSTMForecaster(len(cols), args.horizon).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    loss_fn = torch.nn.MSELoss()
    os.makedirs(args.out, exist_ok=True)
    best, bad = float("inf"), 0

    for epoch in range(args.epochs):
        model.train()
        for x, y in train_dl:
            x, y = x.to(device), y.to(device)
            opt.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
        val = run_eval(model, val_dl, device)
        print(f"epoch {epoch} train_loss {loss.item():.5f} val {val}")
        if val["mae"] < best:
            best, bad = val["mae"], 0
            torch.save(model.state_dict(), os.path.join(args.out, "model.pt"))
        else:
            bad += 1
            if bad >= args.patience:
                print("early stopping")
                break

    model.load_state_dict(torch.load(os.path.join(args.out, "model.pt"), map_location=device))
    test = run_eval(model, test_dl, device)
    print("test:", test)
    with open(os.path.join(args.out, "metrics.json"), "w") as f:
        json.dump({"test": test, "lo": scale["lo"].tolist(), "hi": scale["hi"].tolist()}, f, indent=2)


if __name__ == "__main__":
    main()
