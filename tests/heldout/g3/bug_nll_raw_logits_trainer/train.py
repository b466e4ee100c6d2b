import argparse
import logging
from collections import Counter

import torch
import torch.nn as nn
from datasets import load_dataset
from torch.nn.utils.rnn import pad_sequence
from torch.utils.data import DataLoader

from engine import Trainer
from models import TextCNN, init_weights

PAD, UNK = 0, 1


def build_vocab(texts, min_freq=2):
    counter = Counter(tok for t in texts for tok in t.lower().split())
    itos = ["<pad>", "<unk>"] + [w for w, c in counter.most_common() if c >= min_freq]
    return {w: i for i, w in enumerate(itos)}


def make_collate(vocab, max_len):
    def collate(batch):
        seqs = []
        for ex in batch:
            ids = [vocab.get(tok, UNK) for tok in ex["text"].lower().split()][:max_len]
            ids += [PAD] * max(0, 5 - len(ids))
            seqs.append(torch.tensor(ids))
        labels = torch.tensor([ex["label"] for ex in batch])
        return pad_sequence(seqs, batch_first=True, padding_value=PAD), labels
    return collate


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dataset", default="ag_news")
    ap.add_argument("--embed-dim", type=int, default=300)
    ap.add_argument("--batch-size", type=int, default=50)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--max-len", type=int, default=256)
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO)

    raw = load_dataset(args.dataset)
    splits = raw["train"].train_test_split(test_size=0.1, seed=0)
    vocab = build_vocab(splits["train"]["text"])
    num_classes = raw["train"].features["label"].num_classes
    collate = make_collate(vocab, args.max_len)
    train_loader = DataLoader(splits["train"], args.batch_size, shuffle=True, collate_fn=collate)
    val_loader = DataLoader(splits["test"], args.batch_size, collate_fn=collate)

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model = TextCNN(len(vocab), args.embed_dim, num_classes)
    model.apply(init_weights)

    criterion = nn.NLLLoss()  # EXPECT: TL008
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, factor=0.5, patience=1)

    trainer = Trainer(model, criterion, optimizer, device, scheduler=scheduler)  # <- TL008
    best = trainer.fit(train_loader, val_loader, args.epochs)
    logging.info("best validation accuracy: %.4f", best)
    torch.save(model.state_dict(), f"textcnn_{args.dataset}.pt")


if __name__ == "__main__":
    main()
