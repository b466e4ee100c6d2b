import argparse
import random

import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.metrics import f1_score
from torch.utils.data import DataLoader, TensorDataset

from model import AttnBiLSTMClassifier


def set_seed(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.cuda.manual_seed_all(seed)


def encode(texts, vocab, max_len):
    ids = np.zeros((len(texts), max_len), dtype=np.int64)
    for i, t in enumerate(texts):
        toks = [vocab.get(w, 1) for w in str(t).lower().split()][:max_len]
        ids[i, : len(toks)] = toks
        if not toks:
            ids[i, 0] = 1
    return torch.from_numpy(ids)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--train-csv", default="data/train.csv")
    parser.add_argument("--valid-csv", default="data/valid.csv")
    parser.add_argument("--max-len", type=int, default=200)
    parser.add_argument("--vocab-size", type=int, default=50000)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    set_seed(args.seed)

    train_df, valid_df = pd.read_csv(args.train_csv), pd.read_csv(args.valid_csv)
    counts = train_df["text"].str.lower().str.split().explode().value_counts()
    vocab = {w: i + 2 for i, w in enumerate(counts.index[: args.vocab_size])}
    labels = sorted(train_df["label"].unique())
    lab2id = {l: i for i, l in enumerate(labels)}

    train_ds = TensorDataset(encode(train_df["text"], vocab, args.max_len),
                             torch.tensor(train_df["label"].map(lab2id).values))
    valid_ds = TensorDataset(encode(valid_df["text"], vocab, args.max_len),
                             torch.tensor(valid_df["label"].map(lab2id).values))
    train_dl = DataLoader(train_ds, batch_size=args.batch_size, shuffle=True)
    valid_dl = DataLoader(valid_ds, batch_size=args.batch_size * 4)

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    net = AttnBiLSTMClassifier(len(vocab) + 2, len(labels)).to(device)
    loss_fn = nn.CrossEntropyLoss()
    opt = torch.optim.Adam(net.parameters(), lr=args.lr)
    sched = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.9)

    for epoch in range(args.epochs):
        net.train()
        for step, (x, y) in enumerate(train_dl):
            x, y = x.to(device), y.to(device)
            loss = loss_fn(net(x), y)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            opt.step()
            if step % 200 == 0:
                print(f"epoch {epoch} step {step} loss {loss.item():.4f}")
        sched.step()

        net.eval()
        preds, gold = [], []
        with torch.no_grad():
            for x, y in valid_dl:
                preds.append(net(x.to(device)).argmax(-1).cpu())
                gold.append(y)
        f1 = f1_score(torch.cat(gold).numpy(), torch.cat(preds).numpy(), average="macro")
        print(f"epoch {epoch} valid macro-F1 {f1:.4f}")

    torch.save(net.state_dict(), "attn_bilstm.pt")


if __name__ == "__main__":
    main()
