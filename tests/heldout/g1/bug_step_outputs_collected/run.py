import argparse
from collections import Counter

import torch
from datasets import load_dataset
from torch.nn.utils.rnn import pad_sequence
from torch.utils.data import DataLoader

from lit import TextClassifier
from trainer import MiniTrainer

PAD, UNK = 0, 1


def build_vocab(texts, min_freq=3, max_size=50000):
    counter = Counter(tok for t in texts for tok in t.lower().split())
    itos = ["<pad>", "<unk>"] + [w for w, c in counter.most_common(max_size) if c >= min_freq]
    return {w: i for i, w in enumerate(itos)}


def encode(text, vocab, max_len):
    ids = [vocab.get(tok, UNK) for tok in text.lower().split()][:max_len]
    return torch.tensor(ids or [UNK], dtype=torch.long)


def make_collate(vocab, max_len):
    def collate(examples):
        tokens = [encode(ex["text"], vocab, max_len) for ex in examples]
        labels = torch.tensor([ex["label"] for ex in examples], dtype=torch.long)
        return pad_sequence(tokens, batch_first=True, padding_value=PAD), labels
    return collate


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dataset", default="imdb")
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--max-len", type=int, default=400)
    ap.add_argument("--lr", type=float, default=1e-3)
    args = ap.parse_args()

    ds = load_dataset(args.dataset)
    vocab = build_vocab(ds["train"]["text"])
    collate = make_collate(vocab, args.max_len)
    train_loader = DataLoader(ds["train"], batch_size=args.batch_size, shuffle=True, collate_fn=collate)
    val_loader = DataLoader(ds["test"], batch_size=256, collate_fn=collate)

    module = TextClassifier(len(vocab), num_classes=2, lr=args.lr, pad_idx=PAD)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    trainer = MiniTrainer(max_epochs=args.epochs, device=device)
    best = trainer.fit(module, train_loader, val_loader)
    print(f"best val loss {best:.4f}")


if __name__ == "__main__":
    main()
