import re
from collections import Counter

import pandas as pd
import torch
from torch.utils.data import DataLoader, Dataset

PAD, UNK = "<pad>", "<unk>"
TOKEN_RE = re.compile(r"[a-z0-9']+")


def tokenize(text):
    return TOKEN_RE.findall(str(text).lower())


class Vocab:
    def __init__(self, texts, min_freq=2, max_size=30000):
        counter = Counter(tok for t in texts for tok in tokenize(t))
        words = [w for w, c in counter.most_common(max_size) if c >= min_freq]
        self.itos = [PAD, UNK] + words
        self.stoi = {w: i for i, w in enumerate(self.itos)}

    def __len__(self):
        return len(self.itos)

    def encode(self, text, max_len):
        ids = [self.stoi.get(tok, 1) for tok in tokenize(text)][:max_len]
        return ids or [1]


class ReviewDataset(Dataset):
    def __init__(self, frame, vocab, max_len=256):
        self.ids = [vocab.encode(t, max_len) for t in frame["review"]]
        self.labels = (frame["sentiment"] == "positive").astype(int).tolist()

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, i):
        return self.ids[i], self.labels[i]


def collate(batch):
    max_len = max(len(ids) for ids, _ in batch)
    input_ids = torch.zeros(len(batch), max_len, dtype=torch.long)
    attention_mask = torch.zeros(len(batch), max_len, dtype=torch.bool)
    for row, (ids, _) in enumerate(batch):
        input_ids[row, :len(ids)] = torch.tensor(ids)
        attention_mask[row, :len(ids)] = True
    labels = torch.tensor([label for _, label in batch], dtype=torch.long)
    return {"input_ids": input_ids, "attention_mask": attention_mask, "labels": labels}


def build_loaders(csv_path, batch_size=32, max_len=256, val_frac=0.1, seed=13):
    df = pd.read_csv(csv_path).sample(frac=1.0, random_state=seed).reset_index(drop=True)
    n_val = int(len(df) * val_frac)
    val_df, train_df = df.iloc[:n_val], df.iloc[n_val:]
    vocab = Vocab(train_df["review"])
    train_loader = DataLoader(ReviewDataset(train_df, vocab, max_len), batch_size=batch_size,
                              shuffle=True, collate_fn=collate)
    val_loader = DataLoader(ReviewDataset(val_df, vocab, max_len), batch_size=batch_size * 2,
                            shuffle=False, collate_fn=collate)
    return train_loader, val_loader, vocab
