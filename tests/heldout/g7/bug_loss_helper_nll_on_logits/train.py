import argparse
import json

import torch
from torch.nn.utils.rnn import pad_sequence
from torch.utils.data import DataLoader

from losses import inverse_frequency_weights, span_f1, token_classification_loss
from tagger import BiLSTMTagger


def read_conll(path):
    with open(path) as f:
        return [json.loads(line) for line in f]


def collate(batch):
    toks = [torch.tensor(b["token_ids"]) for b in batch]
    tags = [torch.tensor(b["tag_ids"]) for b in batch]
    lengths = torch.tensor([len(t) for t in toks])
    toks = pad_sequence(toks, batch_first=True)
    tags = pad_sequence(tags, batch_first=True)
    mask = torch.arange(toks.size(1))[None, :] < lengths[:, None]
    return toks, tags, lengths, mask


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", default="data/conll03_train.jsonl")
    ap.add_argument("--dev", default="data/conll03_dev.jsonl")
    ap.add_argument("--meta", default="data/meta.json")
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--bs", type=int, default=32)
    ap.add_argument("--lr", type=float, default=1e-3)
    args = ap.parse_args()

    with open(args.meta) as f:
        meta = json.load(f)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_dl = DataLoader(read_conll(args.train), batch_size=args.bs, shuffle=True, collate_fn=collate)
    dev_dl = DataLoader(read_conll(args.dev), batch_size=128, collate_fn=collate)

    model = BiLSTMTagger(meta["vocab_size"], meta["n_tags"]).to(device)
    weights = inverse_frequency_weights(meta["tag_counts"]).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)

    for epoch in range(args.epochs):
        model.train()
        for toks, tags, lengths, mask in train_dl:
            toks, tags, mask = toks.to(device), tags.to(device), mask.to(device)
            logits = model(toks, lengths)
            loss = token_classification_loss(logits, tags, mask, weights)  # <- TL008
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()

        model.eval()
        scores = []
        for toks, tags, lengths, mask in dev_dl:
            pred = model.decode(toks.to(device), lengths).cpu()
            scores.append(span_f1(pred, tags, mask))
        print(f"epoch {epoch} loss {loss.item():.4f} dev token-F1 {sum(scores) / len(scores):.4f}")


if __name__ == "__main__":
    main()
