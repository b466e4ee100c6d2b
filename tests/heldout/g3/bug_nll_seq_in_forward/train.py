import math
import random
import time

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, random_split

from data import ALL_LETTERS, NamesDataset, collate_names, read_names
from model import NameClassifier

config = dict(
    data_dir="data/names",
    batch_size=64,
    epochs=15,
    lr=1e-3,
    clip=1.0,
    seed=1234,
)


def time_since(since):
    s = time.time() - since
    return f"{math.floor(s / 60)}m {s % 60:.0f}s"


def run_epoch(model, loader, criterion, optimizer=None, clip=None):
    training = optimizer is not None
    model.train(training)
    total_loss, correct, count = 0.0, 0, 0
    with torch.set_grad_enabled(training):
        for chars, lengths, labels in loader:
            output = model(chars, lengths)
            loss = criterion(output, labels)  # <- TL008
            if training:
                optimizer.zero_grad()
                loss.backward()
                nn.utils.clip_grad_norm_(model.parameters(), clip)
                optimizer.step()
            total_loss += loss.item() * labels.size(0)
            correct += (output.argmax(1) == labels).sum().item()
            count += labels.size(0)
    return total_loss / count, correct / count


def main():
    random.seed(config["seed"])
    torch.manual_seed(config["seed"])
    names, labels, categories = read_names(config["data_dir"])
    full = NamesDataset(names, labels)
    n_val = len(full) // 10
    train_set, val_set = random_split(full, [len(full) - n_val, n_val])
    train_loader = DataLoader(train_set, config["batch_size"], shuffle=True, collate_fn=collate_names)
    val_loader = DataLoader(val_set, config["batch_size"], collate_fn=collate_names)

    model = NameClassifier(len(ALL_LETTERS), len(categories))
    criterion = nn.NLLLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=config["lr"])

    start = time.time()
    for epoch in range(1, config["epochs"] + 1):
        tr_loss, tr_acc = run_epoch(model, train_loader, criterion, optimizer, config["clip"])
        va_loss, va_acc = run_epoch(model, val_loader, criterion)
        print(
            f"[{time_since(start)}] epoch {epoch}: train {tr_loss:.3f}/{tr_acc:.3f} "
            f"val {va_loss:.3f}/{va_acc:.3f}"
        )
    torch.save({"model": model.state_dict(), "categories": categories}, "names_gru.pt")


if __name__ == "__main__":
    main()
