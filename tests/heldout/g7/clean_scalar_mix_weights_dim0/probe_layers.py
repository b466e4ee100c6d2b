"""Probing frozen BERT layers with a learned scalar mix (Tenney et al. 2019 style)."""
import argparse

import torch
import torch.nn as nn
import torch.nn.functional as F
from datasets import load_dataset
from torch.utils.data import DataLoader
from transformers import AutoModel, AutoTokenizer


class ScalarMix(nn.Module):
    def __init__(self, n_layers):
        super().__init__()
        self.scalars = nn.Parameter(torch.zeros(n_layers))
        self.gamma = nn.Parameter(torch.ones(1))

    def forward(self, hidden_states):
        weights = F.softmax(self.scalars, dim=0)
        stacked = torch.stack(hidden_states, dim=0)
        return self.gamma * (weights[:, None, None, None] * stacked).sum(dim=0)


class Probe(nn.Module):
    def __init__(self, n_layers, hidden, n_labels):
        super().__init__()
        self.mix = ScalarMix(n_layers)
        self.clf = nn.Sequential(nn.Linear(hidden, 256), nn.ReLU(), nn.Dropout(0.1), nn.Linear(256, n_labels))

    def forward(self, hidden_states, attention_mask):
        h = self.mix(hidden_states)
        m = attention_mask.unsqueeze(-1).float()
        pooled = (h * m).sum(1) / m.sum(1)
        return self.clf(pooled)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--encoder", default="bert-base-uncased")
    ap.add_argument("--task", default="sst2")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--bs", type=int, default=32)
    ap.add_argument("--lr", type=float, default=1e-3)
    args = ap.parse_args()

    device = "cuda" if torch.cuda.is_available() else "cpu"
    tok = AutoTokenizer.from_pretrained(args.encoder)
    encoder = AutoModel.from_pretrained(args.encoder, output_hidden_states=True).to(device).eval()
    for p in encoder.parameters():
        p.requires_grad_(False)

    ds = load_dataset("glue", args.task)

    def collate(rows):
        enc = tok([r["sentence"] for r in rows], padding=True, truncation=True, max_length=128, return_tensors="pt")
        enc["labels"] = torch.tensor([r["label"] for r in rows])
        return enc

    train_dl = DataLoader(ds["train"], batch_size=args.bs, shuffle=True, collate_fn=collate)
    val_dl = DataLoader(ds["validation"], batch_size=128, collate_fn=collate)

    n_layers = encoder.config.num_hidden_layers + 1
    probe = Probe(n_layers, encoder.config.hidden_size, 2).to(device)
    opt = torch.optim.Adam(probe.parameters(), lr=args.lr)

    for epoch in range(args.epochs):
        probe.train()
        for batch in train_dl:
            batch = {k: v.to(device) for k, v in batch.items()}
            with torch.no_grad():
                hs = encoder(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).hidden_states
            logits = probe(hs, batch["attention_mask"])
            loss = F.cross_entropy(logits, batch["labels"])
            opt.zero_grad()
            loss.backward()
            opt.step()

        probe.eval()
        correct = total = 0
        with torch.no_grad():
            for batch in val_dl:
                batch = {k: v.to(device) for k, v in batch.items()}
                hs = encoder(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).hidden_states
                correct += (probe(hs, batch["attention_mask"]).argmax(-1) == batch["labels"]).sum().item()
                total += batch["labels"].numel()
        w = F.softmax(probe.mix.scalars, dim=0).cpu().numpy().round(3)
        print(f"epoch {epoch}: val acc {correct / total:.4f} layer weights {w}")


if __name__ == "__main__":
    main()
