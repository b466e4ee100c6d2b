"""BiLSTM tagger for CoNLL-2003 NER (token-level softmax, no CRF)."""
import argparse
import logging

import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence, pad_sequence
from torch.utils.data import DataLoader

logger = logging.getLogger(__name__)
PAD_TAG = -100


def read_conll(path):
    sents, words, tags = [], [], []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("-DOCSTART-"):
                if words:
                    sents.append((words, tags))
                    words, tags = [], []
                continue
            parts = line.split()
            words.append(parts[0])
            tags.append(parts[-1])
    if words:
        sents.append((words, tags))
    return sents


class BiLSTMTagger(nn.Module):
    def __init__(self, vocab_size, num_tags, emb_dim=100, hidden=200, dropout=0.5):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, emb_dim, padding_idx=0)
        self.pos_emb = nn.Embedding(256, emb_dim)
        self.lstm = nn.LSTM(emb_dim, hidden, batch_first=True, bidirectional=True)
        self.drop = nn.Dropout(dropout)
        self.out = nn.Linear(2 * hidden, num_tags)

    def forward(self, tokens, lengths):
        if isinstance(tokens, list):
            tokens = torch.tensor(tokens, dtype=torch.long, device=self.emb.weight.device)
        max_len = int(lengths.max().item())
        tokens = tokens[:, :max_len]
        positions = torch.arange(max_len, device=tokens.device).clamp(max=255)
        x = self.drop(self.emb(tokens) + self.pos_emb(positions).unsqueeze(0))
        packed = pack_padded_sequence(x, lengths.cpu().tolist(), batch_first=True, enforce_sorted=False)
        out, _ = self.lstm(packed)
        out, _ = pad_packed_sequence(out, batch_first=True, total_length=max_len)
        return self.out(self.drop(out))


def make_collate(word2id, tag2id):
    def collate(batch):
        ids = [torch.tensor([word2id.get(w.lower(), 1) for w in ws]) for ws, _ in batch]
        tags = [torch.tensor([tag2id[t] for t in ts]) for _, ts in batch]
        lengths = torch.tensor([len(x) for x in ids])
        return (pad_sequence(ids, batch_first=True, padding_value=0),
                pad_sequence(tags, batch_first=True, padding_value=PAD_TAG), lengths)
    return collate


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", default="conll2003/train.txt")
    ap.add_argument("--dev", default="conll2003/valid.txt")
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--lr", type=float, default=1e-3)
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO)

    train, dev = read_conll(args.train), read_conll(args.dev)
    vocab = sorted({w.lower() for ws, _ in train for w in ws})
    word2id = {w: i + 2 for i, w in enumerate(vocab)}
    tag_list = sorted({t for _, ts in train for t in ts})
    tag2id = {t: i for i, t in enumerate(tag_list)}
    collate = make_collate(word2id, tag2id)
    train_dl = DataLoader(train, batch_size=32, shuffle=True, collate_fn=collate)
    dev_dl = DataLoader(dev, batch_size=128, collate_fn=collate)

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model = BiLSTMTagger(len(word2id) + 2, len(tag2id)).to(device)
    loss_fn = nn.CrossEntropyLoss(ignore_index=PAD_TAG)
    optim = torch.optim.Adam(model.parameters(), lr=args.lr)

    for epoch in range(args.epochs):
        model.train()
        tot = 0.0
        for tokens, tags, lengths in train_dl:
            tokens, tags = tokens.to(device), tags.to(device)
            logits = model(tokens, lengths)
            loss = loss_fn(logits.reshape(-1, logits.size(-1)), tags[:, :logits.size(1)].reshape(-1))
            optim.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            optim.step()
            tot += loss.item()

        model.eval()
        correct = total = 0
        with torch.no_grad():
            for tokens, tags, lengths in dev_dl:
                tokens, tags = tokens.to(device), tags.to(device)
                pred = model(tokens, lengths).argmax(-1)
                tags = tags[:, :pred.size(1)]
                mask = tags != PAD_TAG
                correct += (pred[mask] == tags[mask]).sum().item()
                total += mask.sum().item()
        logger.info("epoch %d loss %.4f dev token acc %.4f", epoch, tot / len(train_dl), correct / total)

    torch.save({"model": model.state_dict(), "word2id": word2id, "tags": tag_list}, "bilstm_ner.pt")


if __name__ == "__main__":
    main()
