import argparse
import logging
import math

import torch
import torch.nn as nn
from torch.cuda.amp import GradScaler
from torch.utils.data import DataLoader, Dataset
from transformers import AutoTokenizer, get_linear_schedule_with_warmup
from datasets import load_dataset

from engine import evaluate, train_one_epoch

logging.basicConfig(level=logging.INFO)


class TokenizedDataset(Dataset):
    def __init__(self, split, tokenizer, max_len=256):
        self.data = load_dataset("imdb", split=split)
        self.tok = tokenizer
        self.max_len = max_len

    def __len__(self):
        return len(self.data)

    def __getitem__(self, i):
        row = self.data[i]
        enc = self.tok(row["text"], truncation=True, max_length=self.max_len,
                       padding="max_length", return_tensors="pt")
        return {
            "input_ids": enc["input_ids"].squeeze(0),
            "attention_mask": enc["attention_mask"].squeeze(0),
            "labels": torch.tensor(row["label"]),
        }


class TransformerClassifier(nn.Module):
    def __init__(self, vocab_size, d_model=256, nhead=4, layers=4, num_classes=2, dropout=0.1):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, d_model)
        self.pos = nn.Parameter(torch.zeros(1, 512, d_model))
        enc_layer = nn.TransformerEncoderLayer(d_model, nhead, 4 * d_model, dropout,
                                               batch_first=True)
        self.encoder = nn.TransformerEncoder(enc_layer, layers)
        self.head = nn.Linear(d_model, num_classes)

    def forward(self, ids, mask):
        x = self.emb(ids) + self.pos[:, : ids.size(1)]
        x = self.encoder(x, src_key_padding_mask=mask == 0)
        m = mask.unsqueeze(-1).float()
        return self.head((x * m).sum(1) / m.sum(1).clamp(min=1.0))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--micro-bs", type=int, default=16)
    ap.add_argument("--accum", type=int, default=4)
    ap.add_argument("--lr", type=float, default=3e-4)
    ap.add_argument("--no-amp", action="store_true")
    args = ap.parse_args()

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    tok = AutoTokenizer.from_pretrained("bert-base-uncased")
    train_dl = DataLoader(TokenizedDataset("train", tok), batch_size=args.micro_bs, shuffle=True,
                          num_workers=4)
    test_dl = DataLoader(TokenizedDataset("test", tok), batch_size=64, num_workers=4)

    model = TransformerClassifier(tok.vocab_size).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    updates_per_epoch = math.ceil(len(train_dl) / args.accum)
    scheduler = get_linear_schedule_with_warmup(optimizer, int(0.06 * updates_per_epoch * args.epochs),
                                                updates_per_epoch * args.epochs)
    scaler = GradScaler(enabled=not args.no_amp and device.type == "cuda")
    criterion = nn.CrossEntropyLoss()

    for epoch in range(args.epochs):
        tr_loss = train_one_epoch(model, train_dl, criterion, optimizer, scheduler, scaler, device,
                                  accum_steps=args.accum, use_amp=scaler.is_enabled())
        te_loss, te_acc = evaluate(model, test_dl, criterion, device)
        logging.info("epoch %d train %.4f test %.4f acc %.4f", epoch, tr_loss, te_loss, te_acc)


if __name__ == "__main__":
    main()
