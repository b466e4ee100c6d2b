import argparse

import numpy as np
import torch
import torch.nn as nn
from sklearn.metrics import top_k_accuracy_score
from torch.utils.data import DataLoader, TensorDataset

from model import ProteinFamilyClassifier


def load(path):
    d = np.load(path)
    return TensorDataset(torch.from_numpy(d["emb"]).float(), torch.from_numpy(d["family"]).long())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", default="emb/pfam_train.npz")
    ap.add_argument("--val", default="emb/pfam_val.npz")
    ap.add_argument("--families", type=int, default=1000)
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--bs", type=int, default=256)
    ap.add_argument("--lr", type=float, default=5e-4)
    args = ap.parse_args()

    device = "cuda" if torch.cuda.is_available() else "cpu"
    train_ds, val_ds = load(args.train), load(args.val)
    train_dl = DataLoader(train_ds, batch_size=args.bs, shuffle=True, num_workers=2)
    val_dl = DataLoader(val_ds, batch_size=1024)

    clf = ProteinFamilyClassifier(train_ds.tensors[0].shape[1], args.families).to(device)
    opt = torch.optim.AdamW(clf.parameters(), lr=args.lr, weight_decay=0.05)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=args.epochs * len(train_dl))
    criterion = nn.CrossEntropyLoss(label_smoothing=0.1)

    for epoch in range(args.epochs):
        clf.train()
        tot = 0.0
        for emb, fam in train_dl:
            emb, fam = emb.to(device), fam.to(device)
            logits = clf(emb)
            loss = criterion(logits, fam)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            tot += loss.item() * emb.size(0)

        clf.eval()
        probs, ys = [], []
        for emb, fam in val_dl:
            probs.append(clf.predict_proba(emb.to(device)).cpu().numpy())
            ys.append(fam.numpy())
        probs, ys = np.concatenate(probs), np.concatenate(ys)
        top1 = (probs.argmax(1) == ys).mean()
        top5 = top_k_accuracy_score(ys, probs, k=5, labels=np.arange(args.families))
        print(f"epoch {epoch}: train_ce {tot / len(train_ds):.4f} val top1 {top1:.4f} top5 {top5:.4f}")

    torch.save(clf.state_dict(), "pfam_clf.pt")


if __name__ == "__main__":
    main()
