import argparse

import torch
import torch.nn as nn
from tqdm import tqdm

from data import build_loaders
from model import TransformerClassifier


def get_linear_warmup(optimizer, warmup, total):
    def lr_lambda(step):
        if step < warmup:
            return (step + 1) / warmup
        return max(0.0, (total - step) / max(1, total - warmup))
    return torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda)


@torch.no_grad()
def evaluate(model, loader, device):
    model.eval()
    correct = total = 0
    for batch in loader:
        batch = {k: v.to(device) for k, v in batch.items()}
        logits = model(batch["input_ids"], batch["attention_mask"])
        correct += (logits.argmax(-1) == batch["labels"]).sum().item()
        total += batch["labels"].numel()
    return correct / total


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--csv", default="IMDB Dataset.csv")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=3e-4)
    parser.add_argument("--warmup", type=int, default=500)
    args = parser.parse_args()

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_loader, val_loader, vocab = build_loaders(args.csv, args.batch_size)

    model = TransformerClassifier(len(vocab)).to(device)
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    scheduler = get_linear_warmup(optimizer, args.warmup, args.epochs * len(train_loader))

    for epoch in range(args.epochs):
        model.train()
        running = 0.0
        for step, batch in enumerate(tqdm(train_loader, desc=f"epoch {epoch}")):
            labels = batch["labels"].to(device)
            logits = model(batch["input_ids"], batch["attention_mask"])  # EXPECT: TL015  # <- TL015
            loss = criterion(logits, labels)
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            running += loss.item()
            if (step + 1) % 200 == 0:
                print(f"  step {step + 1}: loss {running / 200:.4f}")
                running = 0.0
        print(f"epoch {epoch}: val acc {evaluate(model, val_loader, device):.4f}")
    torch.save(model.state_dict(), "imdb_transformer.pt")


if __name__ == "__main__":
    main()
