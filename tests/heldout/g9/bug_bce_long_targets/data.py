import re
from collections import Counter

import pandas as pd
import torch
from torch.nn.utils.rnn import pad_sequence
from torch.utils.data import Dataset

PAD, UNK = 0, 1
_TOKEN_RE = re.compile(r"[a-z0-9']+")


def tokenize(text):
    text = re.sub(r"<br\s*/?>", " ", text.lower())
    return _TOKEN_RE.findall(text)


class Vocab:
    def __init__(self, texts, max_size=30000, min_freq=3):
        counter = Counter(tok for t in texts for tok in tokenize(t))
        words = [w for w, c in counter.most_common(max_size) if c >= min_freq]
        self.itos = ["<pad>", "<unk>"] + words
        self.stoi = {w: i for i, w in enumerate(self.itos)}

    def __len__(self):
        return len(self.itos)

    def encode(self, text, max_len):
        return [self.stoi.get(tok, UNK) for tok in tokenize(text)][:max_len]


class ReviewDataset(Dataset):
    """IMDB-style reviews; `sentiment` column holds 'positive' / 'negative'."""

    def __init__(self, csv_path, vocab=None, max_len=400):
        df = pd.read_csv(csv_path)
        self.texts = df["review"].tolist()
        self.labels = (df["sentiment"] == "positive").astype(int).tolist()
        self.vocab = vocab if vocab is not None else Vocab(self.texts)
        self.max_len = max_len

    def __len__(self):
        return len(self.texts)

    def __getitem__(self, idx):
        ids = self.vocab.encode(self.texts[idx], self.max_len) or [UNK]
        return torch.tensor(ids, dtype=torch.long), torch.tensor(self.labels[idx], dtype=torch.long)


def pad_collate(batch):
    seqs, labels = zip(*batch)
    lengths = torch.tensor([len(s) for s in seqs], dtype=torch.long)
    padded = pad_sequence(seqs, batch_first=True, padding_value=PAD)
    return padded, lengths, torch.stack(labels)
