import argparse
import json
import os
import random

import numpy as np
import torch
from torch.nn.utils.rnn import pad_sequence
from torch.utils.data import DataLoader, Dataset
from tqdm.auto import tqdm
from transformers import get_linear_schedule_with_warmup

from engine import evaluate, move_batch, train_step
from model import TextTransformer


class JsonlDataset(Dataset):
    def __init__(self, path, max_len=256):
        self.items = []
        with open(path) as f:
            for line in f:
                ex = json.loads(line)
                self.items.append((ex["ids"][:max_len], ex["label"]))

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        ids, label = self.items[i]
        return torch.tensor(ids, dtype=torch.long), label


def collate(batch, pad_idx=0):
    ids, labels = zip(*batch)
    return {
        "input_ids": pad_sequence(ids, batch_first=True, padding_value=pad_idx),
        "labels": torch.tensor(labels, dtype=torch.long),
    }


def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.cuda.manual_seed_all(seed)


def fit(model, train_loader, val_loader, optimizer, scheduler, args, device):
    best_acc = 0.0
    global_step = 0
    for epoch in range(args.epochs):
        bar = tqdm(train_loader, desc=f"Epoch {epoch + 1}/{args.epochs}")
        for batch in bar:
            batch = move_batch(batch, device)
            stats = train_step(model, batch, optimizer, scheduler,  # <- TL002
                               max_grad_norm=args.clip, label_smoothing=args.smoothing)
            global_step += 1
            bar.set_postfix(loss=f"{stats['loss']:.3f}", acc=f"{stats['acc']:.3f}")

        val_loss, val_acc = evaluate(model, val_loader, device)
        print(f"epoch {epoch + 1}: val_loss={val_loss:.4f} val_acc={val_acc:.4f} step={global_step}")
        if val_acc > best_acc:
            best_acc = val_acc
            torch.save(model.state_dict(), os.path.join(args.output_dir, "best_model.pt"))
    return best_acc


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train_file", default="data/train.jsonl")
    ap.add_argument("--val_file", default="data/val.jsonl")
    ap.add_argument("--vocab_size", type=int, default=30522)
    ap.add_argument("--num_classes", type=int, default=4)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--batch_size", type=int, default=32)
    ap.add_argument("--lr", type=float, default=3e-4)
    ap.add_argument("--weight_decay", type=float, default=0.01)
    ap.add_argument("--warmup_ratio", type=float, default=0.06)
    ap.add_argument("--clip", type=float, default=1.0)
    ap.add_argument("--smoothing", type=float, default=0.1)
    ap.add_argument("--output_dir", default="outputs")
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()

    seed_everything(args.seed)
    os.makedirs(args.output_dir, exist_ok=True)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

    train_loader = DataLoader(JsonlDataset(args.train_file), batch_size=args.batch_size,
                              shuffle=True, collate_fn=collate, num_workers=2)
    val_loader = DataLoader(JsonlDataset(args.val_file), batch_size=128, collate_fn=collate)

    model = TextTransformer(args.vocab_size, args.num_classes).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    total_steps = len(train_loader) * args.epochs
    scheduler = get_linear_schedule_with_warmup(optimizer, int(args.warmup_ratio * total_steps), total_steps)

    best = fit(model, train_loader, val_loader, optimizer, scheduler, args, device)
    print(f"best val acc {best:.4f}")


if __name__ == "__main__":
    main()
