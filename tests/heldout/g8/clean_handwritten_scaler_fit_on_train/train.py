import argparse

import numpy as np
import torch
import torch.nn as nn
from sklearn.metrics import roc_auc_score
from torch.utils.data import DataLoader

from data.preprocess import prepare_splits


class CreditNet(nn.Module):
    def __init__(self, n_in, hidden=128, drop=0.3):
        super().__init__()
        self.body = nn.Sequential(
            nn.Linear(n_in, hidden), nn.BatchNorm1d(hidden), nn.ReLU(), nn.Dropout(drop),
            nn.Linear(hidden, hidden // 2), nn.BatchNorm1d(hidden // 2), nn.ReLU(), nn.Dropout(drop),
        )
        self.out = nn.Linear(hidden // 2, 1)

    def forward(self, x):
        return self.out(self.body(x)).squeeze(-1)


@torch.no_grad()
def predict(model, loader, device):
    model.eval()
    probs, labels = [], []
    for xb, yb in loader:
        probs.append(torch.sigmoid(model(xb.to(device))).cpu())
        labels.append(yb)
    return torch.cat(probs).numpy(), torch.cat(labels).numpy()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--csv", default="data/credit_default.csv")
    p.add_argument("--epochs", type=int, default=40)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()
    torch.manual_seed(args.seed)
    device = "cuda" if torch.cuda.is_available() else "cpu"

    train_ds, val_ds, test_ds, scaler = prepare_splits(args.csv, seed=args.seed)
    train_dl = DataLoader(train_ds, batch_size=256, shuffle=True, drop_last=True)
    val_dl = DataLoader(val_ds, batch_size=2048)
    test_dl = DataLoader(test_ds, batch_size=2048)

    y_train = train_ds.tensors[1].numpy()
    pos_weight = torch.tensor((y_train == 0).sum() / max((y_train == 1).sum(), 1), dtype=torch.float32)
    model = CreditNet(train_ds.tensors[0].shape[1]).to(device)
    optim = torch.optim.Adam(model.parameters(), lr=args.lr, weight_decay=1e-5)
    loss_fn = nn.BCEWithLogitsLoss(pos_weight=pos_weight.to(device))

    best_auc, best_state = 0.0, None
    for epoch in range(args.epochs):
        model.train()
        losses = []
        for xb, yb in train_dl:
            xb, yb = xb.to(device), yb.float().to(device)
            optim.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optim.step()
            losses.append(loss.item())
        probs, labels = predict(model, val_dl, device)
        auc = roc_auc_score(labels, probs)
        print(f"epoch {epoch:02d} loss {np.mean(losses):.4f} val AUC {auc:.4f}")
        if auc > best_auc:
            best_auc = auc
            best_state = {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}

    model.load_state_dict(best_state)
    probs, labels = predict(model, test_dl, device)
    print(f"test AUC {roc_auc_score(labels, probs):.4f}")
    torch.save({"model": best_state, "scaler": scaler.state_dict()}, "credit_net.pt")


if __name__ == "__main__":
    main()
