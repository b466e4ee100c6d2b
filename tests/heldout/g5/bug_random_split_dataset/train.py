import argparse

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, random_split

from dataset import TurbofanWindows
from model import RULNet, count_parameters, init_weights, score_fn


def get_args():
    ap = argparse.ArgumentParser(description="RUL regression on C-MAPSS")
    ap.add_argument("--root", default="./CMAPSSData")
    ap.add_argument("--subset", default="FD001")
    ap.add_argument("--window", type=int, default=30)
    ap.add_argument("--val-ratio", type=float, default=0.2)
    ap.add_argument("--epochs", type=int, default=60)
    ap.add_argument("--batch-size", type=int, default=256)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--seed", type=int, default=42)
    return ap.parse_args()


@torch.no_grad()
def validate(model, loader, device):
    model.eval()
    mse, score, n = 0.0, 0.0, 0
    for xb, yb in loader:
        xb, yb = xb.to(device), yb.to(device)
        pred = model(xb)
        mse += nn.functional.mse_loss(pred, yb, reduction="sum").item()
        score += score_fn(pred, yb).item()
        n += yb.numel()
    return (mse / n) ** 0.5, score


def main():
    args = get_args()
    torch.manual_seed(args.seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

    full = TurbofanWindows(args.root, args.subset, window=args.window)  # <- TL005
    n_val = int(len(full) * args.val_ratio)
    train_set, val_set = random_split(full, [len(full) - n_val, n_val],
                                      generator=torch.Generator().manual_seed(args.seed))
    train_loader = DataLoader(train_set, batch_size=args.batch_size, shuffle=True, num_workers=2)
    val_loader = DataLoader(val_set, batch_size=1024)

    model = RULNet(full.n_features).to(device)
    model.apply(init_weights)
    print(f"params: {count_parameters(model):,}")
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, factor=0.5, patience=5)
    criterion = nn.MSELoss()

    best_rmse = float("inf")
    for epoch in range(args.epochs):
        model.train()
        running = 0.0
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            optimizer.zero_grad()
            loss = criterion(model(xb), yb)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            running += loss.item() * xb.size(0)
        val_rmse, val_score = validate(model, val_loader, device)
        scheduler.step(val_rmse)
        print(f"[{epoch:03d}] train_mse={running / len(train_set):.2f} "
              f"val_rmse={val_rmse:.2f} score={val_score:.0f}")
        if val_rmse < best_rmse:
            best_rmse = val_rmse
            torch.save({"state_dict": model.state_dict(), "mean": full.mean, "std": full.std},
                       f"rul_{args.subset}.pt")


if __name__ == "__main__":
    main()
