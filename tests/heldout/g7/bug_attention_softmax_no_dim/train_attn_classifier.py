"""Single-head self-attention encoder for AG News (bag of tricks from the course assignment)."""
import math
from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader


@dataclass
class HParams:
    vocab_size: int = 30000
    max_len: int = 128
    d_model: int = 256
    n_layers: int = 2
    n_classes: int = 4
    dropout: float = 0.1
    lr: float = 5e-4
    batch_size: int = 64
    epochs: int = 6


class SelfAttention(nn.Module):
    def __init__(self, d_model, dropout):
        super().__init__()
        self.q = nn.Linear(d_model, d_model)
        self.k = nn.Linear(d_model, d_model)
        self.v = nn.Linear(d_model, d_model)
        self.o = nn.Linear(d_model, d_model)
        self.drop = nn.Dropout(dropout)
        self.scale = 1.0 / math.sqrt(d_model)

    def forward(self, x, pad_mask):
        q, k, v = self.q(x), self.k(x), self.v(x)
        scores = torch.bmm(q, k.transpose(1, 2)) * self.scale
        scores = scores.masked_fill(pad_mask[:, None, :], float("-inf"))
        attn = F.softmax(scores)  # EXPECT: TL014  # <- TL014
        return self.o(torch.bmm(self.drop(attn), v))


class EncoderLayer(nn.Module):
    def __init__(self, d_model, dropout):
        super().__init__()
        self.attn = SelfAttention(d_model, dropout)
        self.ln1 = nn.LayerNorm(d_model)
        self.ff = nn.Sequential(nn.Linear(d_model, 4 * d_model), nn.GELU(), nn.Linear(4 * d_model, d_model))
        self.ln2 = nn.LayerNorm(d_model)
        self.drop = nn.Dropout(dropout)

    def forward(self, x, pad_mask):
        x = x + self.drop(self.attn(self.ln1(x), pad_mask))
        return x + self.drop(self.ff(self.ln2(x)))


class AttnClassifier(nn.Module):
    def __init__(self, hp: HParams):
        super().__init__()
        self.tok = nn.Embedding(hp.vocab_size, hp.d_model, padding_idx=0)
        self.pos = nn.Embedding(hp.max_len, hp.d_model)
        self.layers = nn.ModuleList([EncoderLayer(hp.d_model, hp.dropout) for _ in range(hp.n_layers)])
        self.norm = nn.LayerNorm(hp.d_model)
        self.fc = nn.Linear(hp.d_model, hp.n_classes)

    def forward(self, ids):
        pad_mask = ids == 0
        pos = torch.arange(ids.size(1), device=ids.device)
        x = self.tok(ids) + self.pos(pos)[None]
        for layer in self.layers:
            x = layer(x, pad_mask)
        x = self.norm(x).masked_fill(pad_mask[..., None], 0.0)
        pooled = x.sum(1) / (~pad_mask).sum(1, keepdim=True).clamp(min=1)
        return self.fc(pooled)


def collate(batch, max_len=128):
    labels = torch.tensor([b[0] for b in batch], dtype=torch.long)
    ids = torch.zeros(len(batch), max_len, dtype=torch.long)
    for i, (_, toks) in enumerate(batch):
        toks = toks[:max_len]
        ids[i, : len(toks)] = torch.tensor(toks)
    return ids, labels


def main(train_items, test_items, hp=HParams()):
    device = "cuda" if torch.cuda.is_available() else "cpu"
    train_loader = DataLoader(train_items, batch_size=hp.batch_size, shuffle=True, collate_fn=collate)
    test_loader = DataLoader(test_items, batch_size=256, collate_fn=collate)
    model = AttnClassifier(hp).to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=hp.lr, weight_decay=0.01)

    for epoch in range(hp.epochs):
        model.train()
        for step, (ids, labels) in enumerate(train_loader):
            ids, labels = ids.to(device), labels.to(device)
            loss = F.cross_entropy(model(ids), labels)
            opt.zero_grad()
            loss.backward()
            opt.step()
            if step % 200 == 0:
                print(f"epoch {epoch} step {step} loss {loss.item():.4f}")
        model.eval()
        hits = 0
        with torch.no_grad():
            for ids, labels in test_loader:
                hits += (model(ids.to(device)).argmax(-1).cpu() == labels).sum().item()
        print(f"epoch {epoch} test acc {hits / len(test_items):.4f}")


if __name__ == "__main__":
    data = torch.load("ag_news_tokenized.pt")
    main(data["train"], data["test"])
