import argparse
import os

import torch
from datasets import load_dataset
from torch.utils.data import DataLoader
from tqdm import tqdm
from transformers import (AutoModelForSequenceClassification, AutoTokenizer, DataCollatorWithPadding,
                          get_cosine_schedule_with_warmup)

from metrics import RunningStats, forward_with_metrics

NUM_LABELS = 3


def get_args():
    p = argparse.ArgumentParser(description="Fine-tune a small BERT on MNLI-matched")
    p.add_argument("--model", default="prajjwal1/bert-small")
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--bs", type=int, default=32)
    p.add_argument("--lr", type=float, default=5e-5)
    p.add_argument("--max-len", type=int, default=192)
    p.add_argument("--out", default="outputs/bert-small-mnli")
    return p.parse_args()


def main():
    args = get_args()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    tokenizer = AutoTokenizer.from_pretrained(args.model)
    raw = load_dataset("glue", "mnli")

    def tok(b):
        return tokenizer(b["premise"], b["hypothesis"], truncation=True, max_length=args.max_len)

    ds = raw.map(tok, batched=True, remove_columns=["premise", "hypothesis", "idx"])
    ds = ds.rename_column("label", "labels")
    collator = DataCollatorWithPadding(tokenizer)
    train_dl = DataLoader(ds["train"], batch_size=args.bs, shuffle=True, collate_fn=collator)
    val_dl = DataLoader(ds["validation_matched"], batch_size=args.bs * 4, collate_fn=collator)

    model = AutoModelForSequenceClassification.from_pretrained(args.model, num_labels=NUM_LABELS).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    total = args.epochs * len(train_dl)
    scheduler = get_cosine_schedule_with_warmup(optimizer, int(0.1 * total), total)

    best_f1 = 0.0
    for epoch in range(args.epochs):
        model.train()
        tr = RunningStats()
        for batch in tqdm(train_dl, desc=f"epoch {epoch}"):
            loss, stats = forward_with_metrics(model, batch, device, NUM_LABELS)
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            tr.update(loss.item(), stats)

        model.eval()
        va = RunningStats()
        with torch.no_grad():
            for batch in val_dl:
                loss, stats = forward_with_metrics(model, batch, device, NUM_LABELS)
                va.update(loss.item(), stats)
        tr_s, va_s = tr.summary(), va.summary()
        print(f"epoch {epoch}: train loss {tr_s['loss']:.4f} acc {tr_s['acc']:.4f} | "
              f"val loss {va_s['loss']:.4f} acc {va_s['acc']:.4f} f1 {va_s['f1']:.4f}")
        if va_s["f1"] > best_f1:
            best_f1 = va_s["f1"]
            os.makedirs(args.out, exist_ok=True)
            model.save_pretrained(args.out)
            tokenizer.save_pretrained(args.out)


if __name__ == "__main__":
    main()
