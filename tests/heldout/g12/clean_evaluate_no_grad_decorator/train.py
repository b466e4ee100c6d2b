import json
import os
import sys

import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset

from metrics import evaluate
from tagger import BiLSTMTagger

CONFIG = {
    "train_path": "data/conll2003/train.json",
    "dev_path": "data/conll2003/dev.json",
    "vocab_path": "data/conll2003/vocab.json",
    "batch_size": 32,
    "lr": 0.015,
    "momentum": 0.9,
    "clip": 5.0,
    "max_steps": 30000,
    "eval_every": 1000,
    "save_dir": "ckpt/bilstm_ner",
}


class NERDataset(Dataset):
    def __init__(self, path):
        with open(path) as f:
            self.examples = json.load(f)

    def __len__(self):
        return len(self.examples)

    def __getitem__(self, idx):
        return self.examples[idx]


def collate(batch, max_word_len=20):
    lengths = torch.tensor([len(ex["words"]) for ex in batch])
    T = int(lengths.max())
    words = torch.zeros(len(batch), T, dtype=torch.long)
    chars = torch.zeros(len(batch), T, max_word_len, dtype=torch.long)
    tags = torch.full((len(batch), T), -100, dtype=torch.long)
    for i, ex in enumerate(batch):
        n = len(ex["words"])
        words[i, :n] = torch.tensor(ex["words"])
        tags[i, :n] = torch.tensor(ex["tags"])
        for j, cs in enumerate(ex["chars"]):
            cs = cs[:max_word_len]
            chars[i, j, :len(cs)] = torch.tensor(cs)
    return {"words": words, "chars": chars, "tags": tags, "lengths": lengths}


def infinite(loader):
    while True:
        for batch in loader:
            yield batch


def main(cfg):
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    with open(cfg["vocab_path"]) as f:
        vocab = json.load(f)
    id2tag = {i: t for t, i in vocab["tag2id"].items()}

    train_loader = DataLoader(NERDataset(cfg["train_path"]), batch_size=cfg["batch_size"],
                              shuffle=True, collate_fn=collate)
    dev_loader = DataLoader(NERDataset(cfg["dev_path"]), batch_size=128, collate_fn=collate)

    model = BiLSTMTagger(len(vocab["word2id"]), len(id2tag), char_vocab_size=len(vocab["char2id"])).to(device)
    opt = torch.optim.SGD(model.parameters(), lr=cfg["lr"], momentum=cfg["momentum"])
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: 1.0 / (1.0 + 0.05 * s / len(train_loader)))

    os.makedirs(cfg["save_dir"], exist_ok=True)
    best_f1, step = 0.0, 0
    batches = infinite(train_loader)
    model.train()
    while step < cfg["max_steps"]:
        batch = next(batches)
        words, chars, tags = batch["words"].to(device), batch["chars"].to(device), batch["tags"].to(device)

        opt.zero_grad()
        logits = model(words, chars, batch["lengths"])
        loss = F.cross_entropy(logits.flatten(0, 1), tags.flatten(), ignore_index=-100)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), cfg["clip"])
        opt.step()
        sched.step()
        step += 1

        if step % 100 == 0:
            print(f"step {step:6d} | loss {loss.item():.4f} | lr {sched.get_last_lr()[0]:.5f}", file=sys.stderr)

        if step % cfg["eval_every"] == 0:
            scores = evaluate(model, dev_loader, id2tag, device)
            print(f"[dev @ {step}] loss {scores['loss']:.4f} P {scores['precision']:.4f} "
                  f"R {scores['recall']:.4f} F1 {scores['f1']:.4f}")
            if scores["f1"] > best_f1:
                best_f1 = scores["f1"]
                torch.save(model.state_dict(), os.path.join(cfg["save_dir"], "best.pt"))
            model.train()

    print(f"best dev F1 {best_f1:.4f}")


if __name__ == "__main__":
    main(CONFIG)
