import argparse
import math

import torch
import torch.nn as nn
from torch.utils.data import DataLoader

from stream import TokenShardStream


class TinyGPT(nn.Module):
    def __init__(self, vocab, d_model=384, n_layer=6, n_head=6, seq_len=512):
        super().__init__()
        self.tok = nn.Embedding(vocab, d_model)
        self.pos = nn.Parameter(torch.zeros(1, seq_len, d_model))
        layer = nn.TransformerEncoderLayer(d_model, n_head, 4 * d_model, dropout=0.1, batch_first=True, norm_first=True)
        self.blocks = nn.TransformerEncoder(layer, n_layer)
        self.ln = nn.LayerNorm(d_model)
        self.head = nn.Linear(d_model, vocab, bias=False)

    def forward(self, idx):
        T = idx.size(1)
        mask = torch.triu(torch.full((T, T), float("-inf"), device=idx.device), diagonal=1)
        x = self.tok(idx) + self.pos[:, :T]
        return self.head(self.ln(self.blocks(x, mask=mask)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shards", default="data/owt/train_*.npy")
    ap.add_argument("--vocab", type=int, default=50304)
    ap.add_argument("--seq-len", type=int, default=512)
    ap.add_argument("--bs", type=int, default=32)
    ap.add_argument("--steps-per-epoch", type=int, default=2000)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--lr", type=float, default=6e-4)
    args = ap.parse_args()

    device = "cuda"
    ds = TokenShardStream(args.shards, seq_len=args.seq_len)
    loader = DataLoader(ds, batch_size=args.bs, num_workers=4, pin_memory=True)

    model = TinyGPT(args.vocab, seq_len=args.seq_len).to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.9, 0.95), weight_decay=0.1)
    total = args.epochs * args.steps_per_epoch
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: 0.5 * (1 + math.cos(math.pi * min(s, total) / total)))
    loss_fn = nn.CrossEntropyLoss()

    for epoch in range(args.epochs):
        ds.set_epoch(epoch)
        model.train()
        for step, batch in enumerate(loader):
            if step >= args.steps_per_epoch:
                break
            batch = batch.to(device, non_blocking=True)
            x, y = batch[:, :-1], batch[:, 1:]
            with torch.autocast("cuda", dtype=torch.bfloat16):
                logits = model(x)
                loss = loss_fn(logits.reshape(-1, logits.size(-1)), y.reshape(-1))
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            if step % 100 == 0:
                print(f"epoch {epoch} step {step} loss {loss.item():.3f}")
        torch.save(model.state_dict(), f"tinygpt_ep{epoch}.pt")


if __name__ == "__main__":
    main()
