import argparse
import random

import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader
from tqdm.auto import tqdm

from data import ReviewDataset, pad_collate
from model import BiGRUClassifier


def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.cuda.manual_seed_all(seed)


def train_epoch(model, loader, optimizer, criterion, device, clip=1.0):
    model.train()
    losses = []
    for ids, lengths, labels in tqdm(loader, desc="train", leave=False):
        ids, labels = ids.to(device), labels.to(device)
        optimizer.zero_grad()
        logits = model(ids, lengths).squeeze(1)
        loss = criterion(logits, labels)  # EXPECT: TL009
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), clip)
        optimizer.step()
        losses.append(loss.item())
    return float(np.mean(losses))


@torch.no_grad()
def evaluate(model, loader, device):
    model.eval()
    correct, total = 0, 0
    for ids, lengths, labels in loader:
        ids, labels = ids.to(device), labels.to(device)
        logits = model(ids, lengths).squeeze(1)
        preds = (logits > 0).long()
        correct += (preds == labels).sum().item()
        total += labels.numel()
    return correct / total


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--train", default="data/imdb_train.csv")
    parser.add_argument("--test", default="data/imdb_test.csv")
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--batch_size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    seed_everything(args.seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

    train_ds = ReviewDataset(args.train)
    test_ds = ReviewDataset(args.test, vocab=train_ds.vocab)
    train_loader = DataLoader(train_ds, batch_size=args.batch_size, shuffle=True,
                              collate_fn=pad_collate, num_workers=2)
    test_loader = DataLoader(test_ds, batch_size=256, collate_fn=pad_collate, num_workers=2)

    model = BiGRUClassifier(len(train_ds.vocab)).to(device)
    criterion = nn.BCEWithLogitsLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)

    for epoch in range(1, args.epochs + 1):
        loss = train_epoch(model, train_loader, optimizer, criterion, device)
        acc = evaluate(model, test_loader, device)
        print(f"Epoch {epoch}: loss={loss:.4f} test_acc={acc:.4f}")

    torch.save(model.state_dict(), "bigru_imdb.pt")


if __name__ == "__main__":
    main()
