import argparse
import logging

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset

from models import BiLSTMTagger
from trainer import TaggerTrainer

PAD_TAG = -100


def read_conll(path):
    sents, words, tags = [], [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                if words:
                    sents.append((words, tags))
                    words, tags = [], []
                continue
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:
                continue
            words.append(cols[1])
            tags.append(cols[3])
    if words:
        sents.append((words, tags))
    return sents


class Vocab:
    def __init__(self, items, specials=("<pad>", "<unk>")):
        self.itos = list(specials) + sorted(set(items) - set(specials))
        self.stoi = {s: i for i, s in enumerate(self.itos)}

    def __len__(self):
        return len(self.itos)

    def get(self, s):
        return self.stoi.get(s, 1)


class TagDataset(Dataset):
    def __init__(self, sents, wv, cv, tv, max_word_len=20):
        self.sents, self.wv, self.cv, self.tv, self.mwl = sents, wv, cv, tv, max_word_len

    def __len__(self):
        return len(self.sents)

    def __getitem__(self, i):
        return self.sents[i]

    def collate(self, batch):
        max_len = max(len(w) for w, _ in batch)
        words = torch.zeros(len(batch), max_len, dtype=torch.long)
        chars = torch.zeros(len(batch), max_len, self.mwl, dtype=torch.long)
        tags = torch.full((len(batch), max_len), PAD_TAG, dtype=torch.long)
        for b, (ws, ts) in enumerate(batch):
            for t, (w, tag) in enumerate(zip(ws, ts)):
                words[b, t] = self.wv.get(w.lower())
                tags[b, t] = self.tv.stoi[tag]
                for c, ch in enumerate(w[: self.mwl]):
                    chars[b, t, c] = self.cv.get(ch)
        return {"words": words, "chars": chars, "tags": tags}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", default="en_ewt-ud-train.conllu")
    ap.add_argument("--dev", default="en_ewt-ud-dev.conllu")
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--batch-size", type=int, default=32)
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO)

    train_sents, dev_sents = read_conll(args.train), read_conll(args.dev)
    wv = Vocab(w.lower() for ws, _ in train_sents for w in ws)
    cv = Vocab(ch for ws, _ in train_sents for w in ws for ch in w)
    tv = Vocab((t for _, ts in train_sents for t in ts), specials=())

    train_ds = TagDataset(train_sents, wv, cv, tv)
    dev_ds = TagDataset(dev_sents, wv, cv, tv)
    train_loader = DataLoader(train_ds, batch_size=args.batch_size, shuffle=True, collate_fn=train_ds.collate)
    dev_loader = DataLoader(dev_ds, batch_size=128, collate_fn=dev_ds.collate)

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    tagger = BiLSTMTagger(len(wv), len(cv), len(tv))
    crit = nn.NLLLoss(ignore_index=PAD_TAG)
    optim = torch.optim.Adam(tagger.parameters(), lr=args.lr, betas=(0.9, 0.9))
    sched = torch.optim.lr_scheduler.ExponentialLR(optim, gamma=0.95)

    trainer = TaggerTrainer(tagger, crit, optim, device, scheduler=sched, pad_tag=PAD_TAG)
    best = trainer.fit(train_loader, dev_loader, args.epochs, "tagger.pt")
    print(f"best dev accuracy: {best:.4f}")


if __name__ == "__main__":
    main()
