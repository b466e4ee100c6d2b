import argparse

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset

from cells import CharLSTM


class CharChunks(Dataset):
    def __init__(self, text, seq_len, stoi):
        self.data = torch.tensor([stoi[ch] for ch in text], dtype=torch.long)
        self.seq_len = seq_len

    def __len__(self):
        return (len(self.data) - 1) // self.seq_len

    def __getitem__(self, i):
        s = i * self.seq_len
        chunk = self.data[s : s + self.seq_len + 1]
        return chunk[:-1], chunk[1:]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--text", default="input.txt")
    ap.add_argument("--seq-len", type=int, default=100)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--clip", type=float, default=1.0)
    args = ap.parse_args()

    with open(args.text, encoding="utf-8") as fh:
        text = fh.read()
    chars = sorted(set(text))
    stoi = {ch: i for i, ch in enumerate(chars)}

    device = "cuda" if torch.cuda.is_available() else "cpu"
    ds = CharChunks(text, args.seq_len, stoi)
    loader = DataLoader(ds, batch_size=args.batch_size, shuffle=True, drop_last=True)

    model = CharLSTM(len(chars)).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    loss_fn = nn.CrossEntropyLoss()

    for epoch in range(args.epochs):
        model.train()
        total = 0.0
        for step, (inp, tgt) in enumerate(loader):
            inp, tgt = inp.to(device), tgt.to(device)
            logits, _ = model(inp)
            loss = loss_fn(logits.reshape(-1, logits.size(-1)), tgt.reshape(-1))
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), args.clip)
            optimizer.step()
            total += loss.item()
            if step % 100 == 0:
                print(f"epoch {epoch} step {step} loss {loss.item():.3f}")
        print(f"epoch {epoch} mean loss {total / len(loader):.3f}")
        torch.save({"model": model.state_dict(), "chars": chars}, "char_lstm.pt")


if __name__ == "__main__":
    main()
