import torch
from torch.utils.data import DataLoader, Dataset


def read_conll(path):
    sents, cur = [], []
    with open(path, encoding="utf8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("-DOCSTART-"):
                if cur:
                    sents.append(cur)
                    cur = []
                continue
            parts = line.split()
            cur.append((parts[0], parts[-1]))
    if cur:
        sents.append(cur)
    return sents


class TaggingDataset(Dataset):
    def __init__(self, sents, w2i, t2i):
        self.items = [([w2i.get(w.lower(), 1) for w, _ in s], [t2i[t] for _, t in s]) for s in sents]

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        return self.items[i]


def collate(batch, tag_pad=-100):
    lengths = torch.tensor([len(w) for w, _ in batch])
    T = int(lengths.max())
    tokens = torch.zeros(len(batch), T, dtype=torch.long)
    tags = torch.full((len(batch), T), tag_pad, dtype=torch.long)
    for i, (w, t) in enumerate(batch):
        tokens[i, :len(w)] = torch.tensor(w)
        tags[i, :len(t)] = torch.tensor(t)
    return tokens, lengths, tags


def make_loader(sents, w2i, t2i, bs, shuffle):
    return DataLoader(TaggingDataset(sents, w2i, t2i), batch_size=bs, shuffle=shuffle, collate_fn=collate)
