import argparse
import glob

import torch
import torch.nn as nn

from data import subject_split_loaders
from models import GestureTCN


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--glob", default="recordings/subject*.npz")
    ap.add_argument("--val-subjects", nargs="+", default=["subject09", "subject10"])
    ap.add_argument("--classes", type=int, default=12)
    ap.add_argument("--epochs", type=int, default=60)
    ap.add_argument("--lr", type=float, default=1e-3)
    args = ap.parse_args()

    files = sorted(glob.glob(args.glob))
    train_loader, val_loader = subject_split_loaders(files, args.val_subjects)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

    n_channels = train_loader.dataset[0][0].shape[0]
    model = GestureTCN(n_channels, args.classes).to(device)
    optim = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-2)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(optim, T_max=args.epochs)
    crit = nn.CrossEntropyLoss()

    for epoch in range(args.epochs):
        model.train()
        loss_sum = 0.0
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            optim.zero_grad()
            loss = crit(model(x), y)
            loss.backward()
            optim.step()
            loss_sum += loss.item()
        sched.step()

        model.eval()
        hits = total = 0
        with torch.no_grad():
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                hits += (model(x).argmax(-1) == y).sum().item()
                total += y.numel()
        print(f"epoch {epoch}: loss {loss_sum / len(train_loader):.4f}  "
              f"val acc {hits / total:.4f}")
    torch.save(model.state_dict(), "gesture_tcn.pt")


if __name__ == "__main__":
    main()
