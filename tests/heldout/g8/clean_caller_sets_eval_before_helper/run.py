import argparse
import json
import logging

import torch
from torch.nn.utils.rnn import pad_sequence
from torch.utils.data import DataLoader

from tagger.model import BiLSTMTagger
from tagger.trainer import TaggerTrainer

logging.basicConfig(level=logging.INFO)


def read_conll(path):
    sents, words, tags = [], [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("-DOCSTART-"):
                if words:
                    sents.append((words, tags))
                    words, tags = [], []
                continue
            parts = line.split()
            words.append(parts[0])
            tags.append(parts[-1])
    if words:
        sents.append((words, tags))
    return sents


def build_vocab(sents):
    w2i = {"<pad>": 0, "<unk>": 1}
    c2i = {"<pad>": 0, "<unk>": 1}
    t2i = {"<pad>": 0, "O": 1}
    for words, tags in sents:
        for w, t in zip(words, tags):
            w2i.setdefault(w.lower(), len(w2i))
            t2i.setdefault(t, len(t2i))
            for c in w:
                c2i.setdefault(c, len(c2i))
    return w2i, c2i, t2i


def make_collate(w2i, c2i, t2i, max_word_len=20):
    def collate(batch):
        words = [torch.tensor([w2i.get(w.lower(), 1) for w in ws]) for ws, _ in batch]
        tags = [torch.tensor([t2i.get(t, 1) for t in ts]) for _, ts in batch]
        lengths = torch.tensor([len(w) for w in words])
        T = int(lengths.max())
        chars = torch.zeros(len(batch), T, max_word_len, dtype=torch.long)
        for i, (ws, _) in enumerate(batch):
            for j, w in enumerate(ws):
                ids = [c2i.get(c, 1) for c in w[:max_word_len]]
                chars[i, j, :len(ids)] = torch.tensor(ids)
        return pad_sequence(words, batch_first=True), chars, pad_sequence(tags, batch_first=True), lengths
    return collate


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", default="data/eng.train")
    ap.add_argument("--dev", default="data/eng.testa")
    ap.add_argument("--epochs", type=int, default=50)
    args = ap.parse_args()

    train_sents, dev_sents = read_conll(args.train), read_conll(args.dev)
    w2i, c2i, t2i = build_vocab(train_sents)
    collate = make_collate(w2i, c2i, t2i)
    train_loader = DataLoader(train_sents, batch_size=10, shuffle=True, collate_fn=collate)
    dev_loader = DataLoader(dev_sents, batch_size=64, collate_fn=collate)

    device = "cuda" if torch.cuda.is_available() else "cpu"
    model = BiLSTMTagger(len(w2i), len(c2i), len(t2i))
    trainer = TaggerTrainer(model, train_loader, dev_loader, epochs=args.epochs, device=device)
    best = trainer.train()
    print(json.dumps({"best_dev_f1": best, "tags": len(t2i)}))
