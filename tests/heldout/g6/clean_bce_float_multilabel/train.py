import argparse

import torch
import torch.nn as nn

from data import LABEL_COLS, get_loaders
from engine import mean_column_auc, train_one_epoch


class ToxicHead(nn.Module):
    def __init__(self, d_in, n_labels, hidden=512, p=0.2):
        super().__init__()
        self.mlp = nn.Sequential(
            nn.Dropout(p),
            nn.Linear(d_in, hidden),
            nn.GELU(),
            nn.LayerNorm(hidden),
            nn.Dropout(p),
            nn.Linear(hidden, n_labels),
        )

    def forward(self, x):
        return self.mlp(x)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--csv", default="train.csv")
    ap.add_argument("--emb", default="train_emb.npy")
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--accum", type=int, default=2)
    args = ap.parse_args()

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_loader, val_loader, train_ds = get_loaders(args.csv, args.emb)
    d_in = train_ds[0][0].shape[0]

    model = ToxicHead(d_in, len(LABEL_COLS)).to(device)
    criterion = nn.BCEWithLogitsLoss(pos_weight=train_ds.pos_weight().to(device))
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.05)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=args.epochs)

    best = 0.0
    for epoch in range(args.epochs):
        loss = train_one_epoch(model, train_loader, criterion, optimizer, device, args.accum)
        scheduler.step()
        auc = mean_column_auc(model, val_loader, device)
        print(f"epoch {epoch}: loss {loss:.4f}  mean col AUC {auc:.4f}")
        if auc > best:
            best = auc
            torch.save(model.state_dict(), "toxic_head.pt")


if __name__ == "__main__":
    main()
