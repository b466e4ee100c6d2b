import argparse
import logging
from collections import Counter

import torch

from tagger.data import make_loader, read_conll
from tagger.model import BiLSTMTagger
from tagger.trainer import Trainer

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", default="data/conll2003/train.txt")
    ap.add_argument("--dev", default="data/conll2003/valid.txt")
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--resume", default=None)
    args = ap.parse_args()

    train_s, dev_s = read_conll(args.train), read_conll(args.dev)
    counts = Counter(w.lower() for s in train_s for w, _ in s)
    w2i = {"<pad>": 0, "<unk>": 1}
    for w, c in counts.items():
        if c >= 2:
            w2i[w] = len(w2i)
    t2i = {t: i for i, t in enumerate(sorted({t for s in train_s for _, t in s}))}

    device = "cuda" if torch.cuda.is_available() else "cpu"
    model = BiLSTMTagger(len(w2i), len(t2i))
    trainer = Trainer(model, make_loader(train_s, w2i, t2i, args.batch_size, True),
                      make_loader(dev_s, w2i, t2i, 128, False), device=device)
    if args.resume:
        trainer.load_checkpoint(args.resume)
    trainer.train(args.epochs)


if __name__ == "__main__":
    main()
