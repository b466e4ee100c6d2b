import argparse
import logging

import joblib
import numpy as np
import torch
import torch.nn as nn
from sklearn.metrics import roc_auc_score

from data import build_datasets
from model import TabularMLP

logging.basicConfig(level=logging.INFO, format="%(asctime)s | %(message)s")
log = logging.getLogger("credit")


def run_epoch(clf, loader, opt, crit, device):
    clf.train()
    losses = []
    for xb, yb in loader:
        xb, yb = xb.to(device), yb.to(device)
        opt.zero_grad()
        loss = crit(clf(xb), yb)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return float(np.mean(losses))


@torch.no_grad()
def predict(clf, loader, device):
    clf.eval()
    probs, labels = [], []
    for xb, yb in loader:
        probs.append(torch.sigmoid(clf(xb.to(device))).cpu().numpy())
        labels.append(yb.numpy())
    return np.concatenate(probs), np.concatenate(labels)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--csv", default="data/UCI_Credit_Card.csv")
    ap.add_argument("--epochs", type=int, default=40)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--bs", type=int, default=512)
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()

    torch.manual_seed(args.seed)
    device = "cuda" if torch.cuda.is_available() else "cpu"

    train_dl, valid_dl, n_features, pos_weight, scaler = build_datasets(
        args.csv, batch_size=args.bs, seed=args.seed)

    clf = TabularMLP(n_features).to(device)
    opt = torch.optim.AdamW(clf.parameters(), lr=args.lr, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode="max", factor=0.5, patience=3)
    crit = nn.BCEWithLogitsLoss(pos_weight=torch.tensor(pos_weight, device=device))

    best_auc, wait = 0.0, 0
    for epoch in range(args.epochs):
        tr_loss = run_epoch(clf, train_dl, opt, crit, device)
        p, y = predict(clf, valid_dl, device)
        auc = roc_auc_score(y, p)
        sched.step(auc)
        log.info("epoch %02d  loss %.4f  val AUC %.4f", epoch, tr_loss, auc)
        if auc > best_auc:
            best_auc, wait = auc, 0
            torch.save(clf.state_dict(), "mlp_best.pt")
            joblib.dump(scaler, "scaler.joblib")
        else:
            wait += 1
            if wait >= 8:
                log.info("early stop at epoch %d", epoch)
                break
    log.info("best AUC %.4f", best_auc)


if __name__ == "__main__":
    main()
