import argparse
import math
import time

import torch
import torch.nn as nn
from torch.utils.data import DataLoader

from engine import CharDataset, evaluate, train_step
from model import CharLSTM


def parse():
    ap = argparse.ArgumentParser()
    ap.add_argument("--text", default="data/tinyshakespeare.txt")
    ap.add_argument("--seq-len", type=int, default=256)
    ap.add_argument("--bs", type=int, default=64)
    ap.add_argument("--epochs", type=int, default=25)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--clip", type=float, default=0.25)
    ap.add_argument("--hidden", type=int, default=512)
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--save", default="charlstm.pt")
    return ap.parse_args()


def main():
    args = parse()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    with open(args.text, encoding="utf-8") as f:
        text = f.read()
    chars = sorted(set(text))
    stoi = {c: i for i, c in enumerate(chars)}
    itos = {i: c for c, i in stoi.items()}
    split = int(0.9 * len(text))
    train_ds = CharDataset(text[:split], args.seq_len, stoi)
    val_ds = CharDataset(text[split:], args.seq_len, stoi)
    train_loader = DataLoader(train_ds, batch_size=args.bs, shuffle=True, drop_last=True)
    val_loader = DataLoader(val_ds, batch_size=args.bs)

    model = CharLSTM(len(chars), hidden=args.hidden, layers=args.layers).to(device)
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    scheduler = torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=0.95)

    best_val = float("inf")
    for epoch in range(1, args.epochs + 1):
        model.train()
        epoch_loss = 0.0
        t0 = time.time()
        for i, batch in enumerate(train_loader):
            loss = train_step(model, batch, optimizer, criterion, device, args.clip)
            epoch_loss += loss  # EXPECT: TL006  # <- TL006
            if i % 100 == 0:
                print(f"  step {i:5d} | loss {loss.item():.3f}")
        train_loss = epoch_loss / len(train_loader)
        val_loss, val_ppl = evaluate(model, val_loader, criterion, device)
        scheduler.step()
        print(f"epoch {epoch:3d} | {time.time() - t0:5.1f}s | train {train_loss:.3f} "
              f"(ppl {math.exp(train_loss):.2f}) | val {val_loss:.3f} (ppl {val_ppl:.2f})")
        if val_loss < best_val:
            best_val = val_loss
            torch.save(model.state_dict(), args.save)

    prefix = torch.tensor([[stoi[c] for c in "ROMEO:"]], device=device)
    sample = model.generate(prefix, 300, temperature=0.8)[0].tolist()
    print("".join(itos[i] for i in sample))


if __name__ == "__main__":
    main()
