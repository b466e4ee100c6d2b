import glob
import os
import string
import unicodedata

import torch
from torch.nn.utils.rnn import pad_sequence
from torch.utils.data import Dataset

ALL_LETTERS = string.ascii_letters + " .,;'"


def unicode_to_ascii(s):
    return "".join(
        c for c in unicodedata.normalize("NFD", s)
        if unicodedata.category(c) != "Mn" and c in ALL_LETTERS
    )


def read_names(root):
    names, labels, categories = [], [], []
    for path in sorted(glob.glob(os.path.join(root, "*.txt"))):
        category = os.path.splitext(os.path.basename(path))[0]
        categories.append(category)
        with open(path, encoding="utf-8") as f:
            for line in f:
                name = unicode_to_ascii(line.strip())
                if name:
                    names.append(name)
                    labels.append(len(categories) - 1)
    return names, labels, categories


class NamesDataset(Dataset):
    def __init__(self, names, labels):
        self.names = names
        self.labels = labels

    def __len__(self):
        return len(self.names)

    def __getitem__(self, idx):
        ids = torch.tensor([ALL_LETTERS.index(c) + 1 for c in self.names[idx]], dtype=torch.long)
        return ids, self.labels[idx]


def collate_names(batch):
    seqs, labels = zip(*batch)
    lengths = torch.tensor([len(s) for s in seqs])
    return pad_sequence(seqs, batch_first=True), lengths, torch.tensor(labels)
