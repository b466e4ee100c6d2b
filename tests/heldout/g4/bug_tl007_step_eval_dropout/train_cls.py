import math
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader
from datasets import load_dataset
from transformers import AutoTokenizer, get_linear_schedule_with_warmup
import wandb

config = dict(
    dataset="ag_news",
    tokenizer="bert-base-uncased",
    max_len=128,
    d_model=256,
    n_heads=4,
    n_layers=4,
    dropout=0.1,
    batch_size=64,
    lr=5e-4,
    epochs=3,
    warmup_ratio=0.06,
    eval_steps=500,
    save_dir="ckpt_agnews",
)


class TextTransformer(nn.Module):
    def __init__(self, vocab_size, num_labels, cfg):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, cfg["d_model"], padding_idx=0)
        self.pos = nn.Parameter(torch.zeros(1, cfg["max_len"], cfg["d_model"]))
        layer = nn.TransformerEncoderLayer(cfg["d_model"], cfg["n_heads"], 4 * cfg["d_model"],
                                           dropout=cfg["dropout"], batch_first=True, norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, cfg["n_layers"])
        self.dropout = nn.Dropout(cfg["dropout"])
        self.classifier = nn.Linear(cfg["d_model"], num_labels)

    def forward(self, input_ids, attention_mask):
        x = self.embed(input_ids) + self.pos[:, : input_ids.size(1)]
        x = self.encoder(x, src_key_padding_mask=attention_mask == 0)
        mask = attention_mask.unsqueeze(-1).float()
        pooled = (x * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        return self.classifier(self.dropout(pooled))


def build_loaders(cfg):
    tok = AutoTokenizer.from_pretrained(cfg["tokenizer"])
    ds = load_dataset(cfg["dataset"])

    def encode(batch):
        return tok(batch["text"], truncation=True, max_length=cfg["max_len"], padding="max_length")

    ds = ds.map(encode, batched=True, remove_columns=["text"])
    ds.set_format("torch", columns=["input_ids", "attention_mask", "label"])
    train_dl = DataLoader(ds["train"], batch_size=cfg["batch_size"], shuffle=True, num_workers=2)
    test_dl = DataLoader(ds["test"], batch_size=256, num_workers=2)
    return tok, train_dl, test_dl


def main(cfg):
    run = wandb.init(project="agnews-tiny-transformer", config=cfg)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    tok, train_dl, test_dl = build_loaders(cfg)

    model = TextTransformer(tok.vocab_size, num_labels=4, cfg=cfg).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=cfg["lr"], weight_decay=0.01)
    num_steps = cfg["epochs"] * len(train_dl)
    scheduler = get_linear_schedule_with_warmup(optimizer, math.ceil(cfg["warmup_ratio"] * num_steps), num_steps)
    os.makedirs(cfg["save_dir"], exist_ok=True)

    step, best_acc = 0, 0.0
    for epoch in range(cfg["epochs"]):
        model.train()
        for batch in train_dl:
            ids = batch["input_ids"].to(device)
            am = batch["attention_mask"].to(device)
            labels = batch["label"].to(device)

            logits = model(ids, am)
            loss = F.cross_entropy(logits, labels)
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            step += 1
            run.log({"train/loss": loss.item(), "lr": scheduler.get_last_lr()[0]}, step=step)

            if step % cfg["eval_steps"] == 0:
                correct = total = 0
                eval_loss = 0.0
                with torch.no_grad():
                    for tb in test_dl:
                        t_ids = tb["input_ids"].to(device)
                        t_am = tb["attention_mask"].to(device)
                        t_y = tb["label"].to(device)
                        out = model(t_ids, t_am)  # EXPECT: TL007  # <- TL007
                        eval_loss += F.cross_entropy(out, t_y, reduction="sum").item()
                        correct += (out.argmax(-1) == t_y).sum().item()
                        total += t_y.numel()
                acc = correct / total
                run.log({"eval/loss": eval_loss / total, "eval/acc": acc}, step=step)
                print(f"step {step}: eval acc {acc:.4f}")
                if acc > best_acc:
                    best_acc = acc
                    torch.save(model.state_dict(), os.path.join(cfg["save_dir"], "best.pt"))

    run.finish()


if __name__ == "__main__":
    main(config)
