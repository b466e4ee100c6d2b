import argparse
import json
import logging

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

from builder import build, save_checkpoint

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
logger = logging.getLogger("train")

DEFAULT_CFG = {
    "vocab_size": 20000,
    "embed_dim": 128,
    "num_filters": 100,
    "kernel_sizes": [3, 4, 5],
    "num_classes": 2,
    "dropout": 0.5,
    "lr": 1e-3,
    "weight_decay": 1e-4,
    "epochs": 10,
    "batch_size": 64,
    "resume": None,
}


def load_split(path):
    data = torch.load(path)
    return TensorDataset(data["tokens"].long(), data["labels"].long())


def train_epoch(model, loader, optimizer, criterion, device):
    model.train()
    total, correct, loss_sum = 0, 0, 0.0
    for tokens, labels in loader:
        tokens, labels = tokens.to(device), labels.to(device)
        optimizer.zero_grad()
        logits = model(tokens)
        loss = criterion(logits, labels)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 3.0)
        optimizer.step()
        loss_sum += loss.item() * labels.size(0)
        correct += (logits.argmax(1) == labels).sum().item()
        total += labels.size(0)
    return loss_sum / total, correct / total


@torch.no_grad()
def evaluate(model, loader, device):
    model.eval()
    correct, total = 0, 0
    for tokens, labels in loader:
        tokens, labels = tokens.to(device), labels.to(device)
        preds = model(tokens).argmax(1)
        correct += (preds == labels).sum().item()
        total += labels.size(0)
    return correct / max(total, 1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", default=None)
    parser.add_argument("--train", default="data/train.pt")
    parser.add_argument("--valid", default="data/valid.pt")
    parser.add_argument("--resume", default=None)
    parser.add_argument("--out", default="checkpoints/textcnn.pt")
    args = parser.parse_args()

    cfg = dict(DEFAULT_CFG)
    if args.config:
        with open(args.config) as f:
            cfg.update(json.load(f))
    if args.resume:
        cfg["resume"] = args.resume

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_loader = DataLoader(load_split(args.train), batch_size=cfg["batch_size"], shuffle=True)
    valid_loader = DataLoader(load_split(args.valid), batch_size=256)

    model, optimizer, start_epoch, best_acc = build(cfg, device)
    criterion = nn.CrossEntropyLoss()

    for epoch in range(start_epoch, cfg["epochs"]):
        tr_loss, tr_acc = train_epoch(model, train_loader, optimizer, criterion, device)
        val_acc = evaluate(model, valid_loader, device)
        logger.info("epoch %d | loss %.4f | train acc %.4f | val acc %.4f",
                    epoch, tr_loss, tr_acc, val_acc)
        if val_acc > best_acc:
            best_acc = val_acc
            save_checkpoint(args.out, model, optimizer, epoch, best_acc)


if __name__ == "__main__":
    main()
