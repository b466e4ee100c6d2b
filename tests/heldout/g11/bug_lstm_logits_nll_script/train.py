import argparse
import json
from collections import Counter

import torch
import torch.nn as nn
from torch.nn.utils.rnn import pad_sequence
from torch.utils.data import DataLoader, Dataset

from model import LSTMClassifier
from utils import run_training, set_seed

PAD, UNK = "<pad>", "<unk>"


class JsonlTextDataset(Dataset):
    def __init__(self, path, vocab=None, max_len=256, min_freq=2):
        with open(path) as f:
            rows = [json.loads(line) for line in f]
        self.texts = [r["text"].lower().split()[:max_len] for r in rows]
        self.labels = [int(r["label"]) for r in rows]
        if vocab is None:
            counter = Counter(tok for t in self.texts for tok in t)
            itos = [PAD, UNK] + [w for w, c in counter.most_common() if c >= min_freq]
            vocab = {w: i for i, w in enumerate(itos)}
        self.vocab = vocab

    def __len__(self):
        return len(self.texts)

    def __getitem__(self, idx):
        ids = [self.vocab.get(tok, 1) for tok in self.texts[idx]] or [1]
        return torch.tensor(ids, dtype=torch.long), self.labels[idx]


def collate(batch):
    seqs, labels = zip(*batch)
    lengths = torch.tensor([len(s) for s in seqs])
    return pad_sequence(seqs, batch_first=True, padding_value=0), lengths, torch.tensor(labels)


def parse_args():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", default="data/train.jsonl")
    ap.add_argument("--valid", default="data/valid.jsonl")
    ap.add_argument("--num-classes", type=int, default=4)
    ap.add_argument("--embed-dim", type=int, default=200)
    ap.add_argument("--hidden-dim", type=int, default=256)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--bs", type=int, default=64)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--out", default="lstm-model.pt")
    return ap.parse_args()


def main():
    args = parse_args()
    set_seed(args.seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

    train_ds = JsonlTextDataset(args.train)
    valid_ds = JsonlTextDataset(args.valid, vocab=train_ds.vocab)
    train_loader = DataLoader(train_ds, batch_size=args.bs, shuffle=True, collate_fn=collate)
    valid_loader = DataLoader(valid_ds, batch_size=args.bs, collate_fn=collate)

    model = LSTMClassifier(len(train_ds.vocab), args.embed_dim, args.hidden_dim, args.num_classes).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    criterion = nn.NLLLoss()  # EXPECT: TL008
    criterion = criterion.to(device)

    run_training(model, criterion, optimizer, train_loader, valid_loader, device, args.epochs, args.out)  # <- TL008


if __name__ == "__main__":
    main()
