import argparse
import json
from collections import Counter

import torch
from torch.utils.data import DataLoader, Dataset

from engine import Loop
from lit_module import SentimentModule


def tokenize(text):
    return text.lower().replace("<br />", " ").split()


class ReviewDataset(Dataset):
    def __init__(self, records, vocab, max_len=400):
        self.records = records
        self.vocab = vocab
        self.max_len = max_len

    def __len__(self):
        return len(self.records)

    def __getitem__(self, i):
        r = self.records[i]
        ids = [self.vocab.get(t, 1) for t in tokenize(r["text"])][: self.max_len] or [1]
        return torch.tensor(ids), r["label"]


def collate(batch):
    seqs, labels = zip(*batch)
    lengths = torch.tensor([len(s) for s in seqs])
    padded = torch.nn.utils.rnn.pad_sequence(seqs, batch_first=True, padding_value=0)
    return padded, lengths, torch.tensor(labels)


def build_vocab(records, min_freq=3, max_size=30000):
    counts = Counter(t for r in records for t in tokenize(r["text"]))
    vocab = {"<pad>": 0, "<unk>": 1}
    for tok, c in counts.most_common(max_size):
        if c < min_freq:
            break
        vocab[tok] = len(vocab)
    return vocab


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", default="data/imdb_train.jsonl")
    ap.add_argument("--valid", default="data/imdb_valid.jsonl")
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--bs", type=int, default=64)
    args = ap.parse_args()

    train_recs = [json.loads(l) for l in open(args.train)]
    valid_recs = [json.loads(l) for l in open(args.valid)]
    vocab = build_vocab(train_recs)
    train_dl = DataLoader(ReviewDataset(train_recs, vocab), batch_size=args.bs, shuffle=True,
                          collate_fn=collate)
    valid_dl = DataLoader(ReviewDataset(valid_recs, vocab), batch_size=args.bs * 2, collate_fn=collate)

    module = SentimentModule(vocab_size=len(vocab))
    loop = Loop(max_epochs=args.epochs, device="cuda" if torch.cuda.is_available() else "cpu")
    loop.fit(module, train_dl, valid_dl)


if __name__ == "__main__":
    main()
