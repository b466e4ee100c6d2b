import argparse

import torch
import torch.nn as nn
from sklearn.metrics import roc_auc_score
from torch.utils.data import DataLoader
from tqdm import tqdm

from dataset import load_splits
from net import CreditNet


def run(args):
    device = torch.device(args.device)
    train_ds, val_ds, cards, n_num = load_splits(args.csv)
    train_loader = DataLoader(train_ds, batch_size=args.batch_size, shuffle=True, num_workers=2)
    val_loader = DataLoader(val_ds, batch_size=1024)

    model = CreditNet(cards, n_num, width=args.width).to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    pos_weight = torch.tensor([3.5], device=device)
    loss_fn = nn.BCEWithLogitsLoss(pos_weight=pos_weight)

    for epoch in range(args.epochs):
        model.train()
        bar = tqdm(train_loader, desc=f"epoch {epoch}")
        for x_cat, x_num, y in bar:
            x_cat, x_num, y = x_cat.to(device), x_num.to(device), y.to(device)
            opt.zero_grad()
            loss = loss_fn(model(x_cat, x_num), y)
            loss.backward()
            opt.step()
            bar.set_postfix(loss=f"{loss.item():.4f}")

        model.eval()
        scores, labels = [], []
        with torch.no_grad():
            for x_cat, x_num, y in val_loader:
                scores.append(torch.sigmoid(model(x_cat.to(device), x_num.to(device))).cpu())
                labels.append(y)
        auc = roc_auc_score(torch.cat(labels).numpy(), torch.cat(scores).numpy())
        print(f"epoch {epoch}: val auc {auc:.4f}")

    torch.save(model.state_dict(), args.out)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--csv", default="UCI_Credit_Card.csv")
    ap.add_argument("--batch-size", type=int, default=256)
    ap.add_argument("--width", type=int, default=128)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--out", default="credit_net.pt")
    run(ap.parse_args())
