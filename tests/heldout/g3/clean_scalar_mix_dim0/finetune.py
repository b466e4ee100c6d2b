"""Frozen-encoder probing: learn a softmax-weighted mix of all BERT layers + linear head."""
import argparse
import logging

import torch
import torch.nn as nn
import torch.nn.functional as F
from datasets import load_dataset
from torch.utils.data import DataLoader
from tqdm import tqdm
from transformers import AutoModel, AutoTokenizer, DataCollatorWithPadding

logger = logging.getLogger("probe")


class ScalarMix(nn.Module):
    """Peters et al. (2018): gamma * sum_k softmax(w)_k * h_k."""

    def __init__(self, num_layers):
        super().__init__()
        self.scalar_parameters = nn.Parameter(torch.zeros(num_layers))
        self.gamma = nn.Parameter(torch.ones(1))

    def forward(self, layers):
        # layers: sequence of num_layers tensors, each (B, T, H)
        weights = F.softmax(self.scalar_parameters, dim=0)
        stacked = torch.stack(list(layers), dim=0)           # (L, B, T, H)
        mixed = (weights.view(-1, 1, 1, 1) * stacked).sum(dim=0)
        return self.gamma * mixed


class LayerMixProbe(nn.Module):
    def __init__(self, encoder_name, num_labels, dropout=0.1):
        super().__init__()
        self.encoder = AutoModel.from_pretrained(encoder_name, output_hidden_states=True)
        for p in self.encoder.parameters():
            p.requires_grad = False
        cfg = self.encoder.config
        self.mix = ScalarMix(cfg.num_hidden_layers + 1)
        self.dropout = nn.Dropout(dropout)
        self.classifier = nn.Linear(cfg.hidden_size, num_labels)

    def forward(self, input_ids, attention_mask, token_type_ids=None):
        with torch.no_grad():
            out = self.encoder(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
        h = self.mix(out.hidden_states)
        mask = attention_mask.unsqueeze(-1).to(h.dtype)
        pooled = (h * mask).sum(1) / mask.sum(1)
        return self.classifier(self.dropout(pooled))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="bert-base-cased")
    ap.add_argument("--task", default="mrpc")
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--bs", type=int, default=32)
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO)

    tok = AutoTokenizer.from_pretrained(args.model)
    raw = load_dataset("glue", args.task)
    enc = raw.map(lambda b: tok(b["sentence1"], b["sentence2"], truncation=True, max_length=128), batched=True)
    enc = enc.remove_columns(["sentence1", "sentence2", "idx"]).rename_column("label", "labels")
    enc.set_format("torch")
    collator = DataCollatorWithPadding(tok)
    train_dl = DataLoader(enc["train"], batch_size=args.bs, shuffle=True, collate_fn=collator)
    dev_dl = DataLoader(enc["validation"], batch_size=128, collate_fn=collator)

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    probe = LayerMixProbe(args.model, num_labels=2).to(device)
    params = [p for p in probe.parameters() if p.requires_grad]
    optim = torch.optim.Adam(params, lr=args.lr)

    for epoch in range(args.epochs):
        probe.train()
        for batch in tqdm(train_dl, desc=f"epoch {epoch}"):
            batch = {k: v.to(device) for k, v in batch.items()}
            labels = batch.pop("labels")
            logits = probe(**batch)
            loss = F.cross_entropy(logits, labels)
            optim.zero_grad()
            loss.backward()
            optim.step()

        probe.eval()
        correct = n = 0
        with torch.no_grad():
            for batch in dev_dl:
                batch = {k: v.to(device) for k, v in batch.items()}
                labels = batch.pop("labels")
                correct += (probe(**batch).argmax(-1) == labels).sum().item()
                n += labels.numel()
        layer_w = F.softmax(probe.mix.scalar_parameters.detach(), dim=0).cpu().numpy().round(3)
        logger.info("epoch %d dev acc %.4f layer weights %s", epoch, correct / n, layer_w)


if __name__ == "__main__":
    main()
