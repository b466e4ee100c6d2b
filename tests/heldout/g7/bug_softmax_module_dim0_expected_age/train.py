import argparse

import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader

from datasets import FaceAgeDataset
from models import DEXAgeNet, param_groups


def evaluate(model, loader, device):
    model.eval()
    abs_err, n = 0.0, 0
    with torch.no_grad():
        for imgs, ages in loader:
            pred, _ = model(imgs.to(device))
            abs_err += (pred.cpu() - ages).abs().sum().item()
            n += ages.numel()
    return abs_err / n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--img-dir", default="data/utkface_aligned")
    ap.add_argument("--train-csv", default="data/train.csv")
    ap.add_argument("--val-csv", default="data/val.csv")
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--bs", type=int, default=64)
    ap.add_argument("--lr", type=float, default=1e-3)
    args = ap.parse_args()

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_loader = DataLoader(FaceAgeDataset(args.train_csv, args.img_dir, train=True), batch_size=args.bs,
                              shuffle=True, num_workers=8, drop_last=True)
    val_loader = DataLoader(FaceAgeDataset(args.val_csv, args.img_dir, train=False), batch_size=128, num_workers=8)

    model = DEXAgeNet().to(device)
    optimizer = torch.optim.Adam(param_groups(model, args.lr * 0.1, args.lr))
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="min", factor=0.5, patience=3)

    best_mae = float("inf")
    for epoch in range(args.epochs):
        model.train()
        for imgs, ages in train_loader:
            imgs, ages = imgs.to(device), ages.to(device)
            pred_age, _ = model(imgs)
            loss = F.l1_loss(pred_age, ages)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        mae = evaluate(model, val_loader, device)
        scheduler.step(mae)
        print(f"epoch {epoch}: train L1 {loss.item():.3f} val MAE {mae:.3f}")
        if mae < best_mae:
            best_mae = mae
            torch.save(model.state_dict(), "dex_age_best.pt")


if __name__ == "__main__":
    main()
