import logging
import random

import numpy as np
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pad_sequence
from torch.utils.data import DataLoader, Dataset

from engine import Learner
from nets import build_model

CFG = {
    "arch": "bilstm",
    "train_file": "data/train.tsv",
    "valid_file": "data/dev.tsv",
    "vocab_file": "data/vocab.txt",
    "emb_dim": 300,
    "hidden": 256,
    "layers": 2,
    "dropout": 0.3,
    "num_classes": 5,
    "max_len": 256,
    "batch_size": 64,
    "lr": 2e-3,
    "weight_decay": 1e-5,
    "epochs": 15,
    "clip": 1.0,
    "amp": True,
    "seed": 13,
    "max_restarts": 3,
    "ckpt": "bilstm_best.pt",
}


def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.cuda.manual_seed_all(seed)


def load_vocab(path):
    with open(path, encoding="utf-8") as f:
        itos = ["<pad>", "<unk>"] + [line.rstrip("\n") for line in f if line.strip()]
    return {tok: i for i, tok in enumerate(itos)}


class TsvDataset(Dataset):
    def __init__(self, path, vocab, max_len):
        self.samples = []
        with open(path, encoding="utf-8") as f:
            for line in f:
                label, text = line.rstrip("\n").split("\t", 1)
                ids = [vocab.get(w, 1) for w in text.lower().split()][:max_len]
                self.samples.append((torch.tensor(ids or [1]), int(label)))

    def __len__(self):
        return len(self.samples)

    def __getitem__(self, idx):
        return self.samples[idx]


def collate(batch):
    tokens, labels = zip(*batch)
    return pad_sequence(tokens, batch_first=True, padding_value=0), torch.tensor(labels)


def main(cfg):
    logging.basicConfig(level=logging.INFO)
    seed_everything(cfg["seed"])
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

    vocab = load_vocab(cfg["vocab_file"])
    cfg["vocab_size"] = len(vocab)
    train_ds = TsvDataset(cfg["train_file"], vocab, cfg["max_len"])
    valid_ds = TsvDataset(cfg["valid_file"], vocab, cfg["max_len"])
    train_dl = DataLoader(train_ds, batch_size=cfg["batch_size"], shuffle=True,
                          collate_fn=collate, num_workers=2)
    valid_dl = DataLoader(valid_ds, batch_size=cfg["batch_size"] * 2, shuffle=False,
                          collate_fn=collate, num_workers=2)

    net = build_model(cfg).to(device)
    opt = torch.optim.AdamW(net.parameters(), lr=cfg["lr"], weight_decay=cfg["weight_decay"])
    loss_fn = nn.CrossEntropyLoss()

    learner = Learner(net, opt, loss_fn, cfg, device)
    best = learner.fit(train_dl, valid_dl)
    print(f"best macro-F1: {best:.4f}")


if __name__ == "__main__":
    main(CFG)
