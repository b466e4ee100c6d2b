"""Inter-patient heartbeat classification (AAMI classes N/S/V/F/Q).

Split follows the de Chazal inter-patient protocol: DS1 records for training, DS2 for testing.
"""
import argparse
import json
import logging

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, WeightedRandomSampler

from data import BeatDataset, compute_stats, load_features, make_sampler_weights
from engine import BeatClassifier, Engine

N_CLASSES = 5


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--features", default="features/mitbih")
    ap.add_argument("--split", default="splits/de_chazal.json")
    ap.add_argument("--epochs", type=int, default=40)
    ap.add_argument("--batch-size", type=int, default=512)
    ap.add_argument("--lr", type=float, default=5e-4)
    args = ap.parse_args()

    logging.basicConfig(level=logging.INFO)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

    feats, labels = load_features(args.features)
    mean, std = compute_stats(feats, sorted(feats))  # EXPECT: TL005

    with open(args.split) as f:
        split = json.load(f)
    train_ids = [p for p in split["DS1"] if p in feats]
    test_ids = [p for p in split["DS2"] if p in feats]
    logging.info("%d train records, %d test records", len(train_ids), len(test_ids))

    train_ds = BeatDataset(feats, labels, train_ids, mean, std)
    test_ds = BeatDataset(feats, labels, test_ids, mean, std)
    weights = make_sampler_weights(train_ds, N_CLASSES)
    sampler = WeightedRandomSampler(weights, num_samples=len(train_ds), replacement=True)
    train_dl = DataLoader(train_ds, batch_size=args.batch_size, sampler=sampler, num_workers=4)
    test_dl = DataLoader(test_ds, batch_size=2048)

    model = BeatClassifier(train_ds.x.shape[1], N_CLASSES).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    scheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=[20, 30], gamma=0.1)
    engine = Engine(model, optimizer, nn.CrossEntropyLoss(), device, scheduler)

    for epoch in range(args.epochs):
        loss = engine.train_one_epoch(train_dl)
        metrics = engine.evaluate(test_dl)
        logging.info("epoch %d loss %.4f test %s", epoch, loss, metrics)

    torch.save({"model": model.state_dict(), "mean": mean, "std": std}, "beat_clf.pt")


if __name__ == "__main__":
    main()
