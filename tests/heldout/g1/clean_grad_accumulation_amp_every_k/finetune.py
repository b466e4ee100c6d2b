import argparse
import math
import os

import numpy as np
import torch
from datasets import load_dataset
from torch.utils.data import DataLoader
from tqdm.auto import tqdm
from transformers import (AutoModelForSequenceClassification, AutoTokenizer,
                          DataCollatorWithPadding, get_linear_schedule_with_warmup)


def parse_args():
    p = argparse.ArgumentParser(description="Fine-tune a encoder on GLUE/MNLI with grad accumulation")
    p.add_argument("--model_name", default="roberta-base")
    p.add_argument("--task", default="mnli")
    p.add_argument("--max_length", type=int, default=256)
    p.add_argument("--per_device_batch_size", type=int, default=16)
    p.add_argument("--gradient_accumulation_steps", type=int, default=4)
    p.add_argument("--num_train_epochs", type=int, default=3)
    p.add_argument("--learning_rate", type=float, default=2e-5)
    p.add_argument("--weight_decay", type=float, default=0.01)
    p.add_argument("--warmup_ratio", type=float, default=0.06)
    p.add_argument("--max_grad_norm", type=float, default=1.0)
    p.add_argument("--output_dir", default="out/mnli")
    p.add_argument("--fp16", action="store_true")
    return p.parse_args()


def main():
    args = parse_args()
    device = torch.device("cuda")
    tokenizer = AutoTokenizer.from_pretrained(args.model_name)
    raw = load_dataset("glue", args.task)

    def tokenize(batch):
        return tokenizer(batch["premise"], batch["hypothesis"], truncation=True, max_length=args.max_length)

    ds = raw.map(tokenize, batched=True, remove_columns=["premise", "hypothesis", "idx"])
    ds = ds.rename_column("label", "labels")
    collator = DataCollatorWithPadding(tokenizer, pad_to_multiple_of=8)
    train_dl = DataLoader(ds["train"], batch_size=args.per_device_batch_size, shuffle=True, collate_fn=collator)
    eval_dl = DataLoader(ds["validation_matched"], batch_size=64, collate_fn=collator)

    model = AutoModelForSequenceClassification.from_pretrained(args.model_name, num_labels=3).to(device)
    no_decay = ("bias", "LayerNorm.weight")
    grouped = [
        {"params": [p for n, p in model.named_parameters() if not any(nd in n for nd in no_decay)],
         "weight_decay": args.weight_decay},
        {"params": [p for n, p in model.named_parameters() if any(nd in n for nd in no_decay)],
         "weight_decay": 0.0},
    ]
    optimizer = torch.optim.AdamW(grouped, lr=args.learning_rate)

    updates_per_epoch = math.ceil(len(train_dl) / args.gradient_accumulation_steps)
    max_train_steps = args.num_train_epochs * updates_per_epoch
    lr_scheduler = get_linear_schedule_with_warmup(
        optimizer, num_warmup_steps=int(args.warmup_ratio * max_train_steps),
        num_training_steps=max_train_steps,
    )
    scaler = torch.cuda.amp.GradScaler(enabled=args.fp16)

    progress = tqdm(range(max_train_steps))
    completed_steps = 0
    optimizer.zero_grad(set_to_none=True)
    for epoch in range(args.num_train_epochs):
        model.train()
        running = 0.0
        for step, batch in enumerate(train_dl):
            batch = {k: v.to(device) for k, v in batch.items()}
            with torch.autocast("cuda", dtype=torch.float16, enabled=args.fp16):
                outputs = model(**batch)
                loss = outputs.loss / args.gradient_accumulation_steps
            scaler.scale(loss).backward()
            running += loss.item()

            if (step + 1) % args.gradient_accumulation_steps == 0 or step == len(train_dl) - 1:
                scaler.unscale_(optimizer)
                torch.nn.utils.clip_grad_norm_(model.parameters(), args.max_grad_norm)
                scaler.step(optimizer)
                scaler.update()
                lr_scheduler.step()
                optimizer.zero_grad(set_to_none=True)
                completed_steps += 1
                progress.update(1)
                progress.set_postfix(loss=f"{running:.4f}", lr=f"{lr_scheduler.get_last_lr()[0]:.2e}")
                running = 0.0

        model.eval()
        preds, refs = [], []
        with torch.no_grad():
            for batch in eval_dl:
                batch = {k: v.to(device) for k, v in batch.items()}
                logits = model(**batch).logits
                preds.append(logits.argmax(-1).cpu().numpy())
                refs.append(batch["labels"].cpu().numpy())
        acc = (np.concatenate(preds) == np.concatenate(refs)).mean()
        print(f"epoch {epoch}: matched acc {acc:.4f} ({completed_steps} updates)")

    os.makedirs(args.output_dir, exist_ok=True)
    model.save_pretrained(args.output_dir)
    tokenizer.save_pretrained(args.output_dir)


if __name__ == "__main__":
    main()
