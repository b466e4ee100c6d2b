"""Fine-tune a BERT-style encoder on a sentence-pair classification task (MRPC)."""
import logging
import os
from dataclasses import dataclass

import numpy as np
import torch
from datasets import load_dataset
from torch.utils.data import DataLoader
from transformers import (AutoModelForSequenceClassification, AutoTokenizer,
                          DataCollatorWithPadding, get_linear_schedule_with_warmup)

logger = logging.getLogger("finetune")


@dataclass
class TrainArgs:
    model_name: str = "bert-base-uncased"
    output_dir: str = "out/mrpc"
    epochs: int = 3
    train_batch_size: int = 16
    eval_batch_size: int = 64
    grad_accum_steps: int = 2
    learning_rate: float = 2e-5
    weight_decay: float = 0.01
    warmup_ratio: float = 0.1
    max_grad_norm: float = 1.0
    logging_steps: int = 50


class Trainer:
    def __init__(self, args, model, train_loader, eval_loader, device):
        self.args = args
        self.model = model.to(device)
        self.train_loader = train_loader
        self.eval_loader = eval_loader
        self.device = device
        no_decay = ("bias", "LayerNorm.weight")
        groups = [
            {"params": [p for n, p in model.named_parameters() if not any(nd in n for nd in no_decay)],
             "weight_decay": args.weight_decay},
            {"params": [p for n, p in model.named_parameters() if any(nd in n for nd in no_decay)],
             "weight_decay": 0.0},
        ]
        self.optimizer = torch.optim.AdamW(groups, lr=args.learning_rate)
        total = (len(train_loader) // args.grad_accum_steps) * args.epochs
        self.scheduler = get_linear_schedule_with_warmup(
            self.optimizer, int(args.warmup_ratio * total), total)
        self.global_step = 0

    def _optimizer_step(self):
        torch.nn.utils.clip_grad_norm_(self.model.parameters(), self.args.max_grad_norm)
        self.scheduler.step()  # EXPECT: TL011  # <- TL011
        self.optimizer.step()
        self.optimizer.zero_grad()
        self.global_step += 1

    def train(self):
        self.model.zero_grad()
        for epoch in range(self.args.epochs):
            self.model.train()
            running = 0.0
            for step, batch in enumerate(self.train_loader):
                batch = {k: v.to(self.device) for k, v in batch.items()}
                outputs = self.model(**batch)
                loss = outputs.loss / self.args.grad_accum_steps
                loss.backward()
                running += loss.item()
                if (step + 1) % self.args.grad_accum_steps == 0:
                    self._optimizer_step()
                    if self.global_step % self.args.logging_steps == 0:
                        lr = self.scheduler.get_last_lr()[0]
                        logger.info("step %d lr %.2e loss %.4f", self.global_step, lr,
                                    running / self.args.logging_steps)
                        running = 0.0
            metrics = self.evaluate()
            logger.info("epoch %d: %s", epoch, metrics)
        self.model.save_pretrained(self.args.output_dir)

    @torch.no_grad()
    def evaluate(self):
        self.model.eval()
        preds, labels, losses = [], [], []
        for batch in self.eval_loader:
            batch = {k: v.to(self.device) for k, v in batch.items()}
            out = self.model(**batch)
            losses.append(out.loss.item())
            preds.append(out.logits.argmax(-1).cpu().numpy())
            labels.append(batch["labels"].cpu().numpy())
        preds, labels = np.concatenate(preds), np.concatenate(labels)
        tp = ((preds == 1) & (labels == 1)).sum()
        f1 = 2 * tp / max(1, (preds == 1).sum() + (labels == 1).sum())
        return {"loss": float(np.mean(losses)), "acc": float((preds == labels).mean()), "f1": float(f1)}


def main():
    logging.basicConfig(level=logging.INFO)
    args = TrainArgs()
    os.makedirs(args.output_dir, exist_ok=True)
    tokenizer = AutoTokenizer.from_pretrained(args.model_name)
    raw = load_dataset("glue", "mrpc")

    def tokenize(ex):
        return tokenizer(ex["sentence1"], ex["sentence2"], truncation=True, max_length=128)

    ds = raw.map(tokenize, batched=True).remove_columns(["sentence1", "sentence2", "idx"])
    ds = ds.rename_column("label", "labels").with_format("torch")
    collator = DataCollatorWithPadding(tokenizer)
    train_loader = DataLoader(ds["train"], batch_size=args.train_batch_size, shuffle=True, collate_fn=collator)
    eval_loader = DataLoader(ds["validation"], batch_size=args.eval_batch_size, collate_fn=collator)

    model = AutoModelForSequenceClassification.from_pretrained(args.model_name, num_labels=2)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    Trainer(args, model, train_loader, eval_loader, device).train()
    tokenizer.save_pretrained(args.output_dir)


if __name__ == "__main__":
    main()
