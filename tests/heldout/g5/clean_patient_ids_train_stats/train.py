"""Subject-wise sleep staging on Sleep-EDF (Fpz-Cz, Pz-Oz)."""
import argparse
import json

import torch
import torch.nn as nn
from torch.utils.data import DataLoader

from sleep.data import SleepEpochs, channel_stats, load_subjects
from sleep.engine import SleepCNN, evaluate, train_one_epoch


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="prepared/sleep-edf-20")
    ap.add_argument("--folds", default="prepared/folds.json")
    ap.add_argument("--fold", type=int, default=0)
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--bs", type=int, default=128)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--amp", action="store_true")
    args = ap.parse_args()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

    with open(args.folds) as f:
        fold = json.load(f)[args.fold]
    train_ids, test_ids = fold["train"], fold["test"]
    signals, stages = load_subjects(args.data, train_ids + test_ids)

    mean, std = channel_stats(signals, train_ids)
    train_ds = SleepEpochs(signals, stages, train_ids, mean, std)
    test_ds = SleepEpochs(signals, stages, test_ids, mean, std)
    train_dl = DataLoader(train_ds, batch_size=args.bs, shuffle=True, num_workers=4, drop_last=True)
    test_dl = DataLoader(test_ds, batch_size=512)
    print(f"fold {args.fold}: {len(train_ids)} train subjects ({len(train_ds)} epochs), "
          f"{len(test_ids)} test subjects ({len(test_ds)} epochs)")

    model = SleepCNN(n_channels=train_ds.x.shape[1]).to(device)
    counts = torch.bincount(train_ds.y, minlength=5).float()
    criterion = nn.CrossEntropyLoss(weight=(counts.sum() / (5 * counts)).to(device))
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr, betas=(0.9, 0.999), weight_decay=1e-3)
    scaler = torch.cuda.amp.GradScaler() if args.amp else None

    for epoch in range(args.epochs):
        loss = train_one_epoch(model, train_dl, optimizer, criterion, device, scaler)
        metrics = evaluate(model, test_dl, device)
        print(f"epoch {epoch:02d} loss {loss:.4f} " + " ".join(f"{k}={v:.4f}" for k, v in metrics.items()))

    torch.save({"model": model.state_dict(), "mean": mean, "std": std}, f"sleepcnn_fold{args.fold}.pt")


if __name__ == "__main__":
    main()
