"""TextCNN for topic classification with an auxiliary 'toxic' flag head."""
import json
import random
from collections import Counter

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset

CONFIG = {
    "train_file": "data/topics_train.jsonl",
    "valid_file": "data/topics_valid.jsonl",
    "max_len": 200,
    "min_freq": 2,
    "embed_dim": 300,
    "filters": [3, 4, 5],
    "num_filters": 128,
    "num_topics": 20,
    "dropout": 0.5,
    "batch_size": 64,
    "epochs": 8,
    "lr": 1e-3,
    "aux_weight": 0.3,
    "seed": 13,
}


def read_jsonl(path):
    with open(path) as f:
        return [json.loads(line) for line in f]


def build_vocab(records, min_freq):
    counter = Counter(tok for r in records for tok in r["text"].lower().split())
    itos = ["<pad>", "<unk>"] + [w for w, c in counter.most_common() if c >= min_freq]
    return {w: i for i, w in enumerate(itos)}


class TopicDataset(Dataset):
    def __init__(self, records, vocab, max_len):
        self.records = records
        self.vocab = vocab
        self.max_len = max_len

    def __len__(self):
        return len(self.records)

    def __getitem__(self, i):
        r = self.records[i]
        ids = [self.vocab.get(t, 1) for t in r["text"].lower().split()][: self.max_len]
        ids = ids + [0] * (self.max_len - len(ids))
        return (torch.tensor(ids, dtype=torch.long),
                torch.tensor(r["topic"], dtype=torch.long),
                torch.tensor(float(r["toxic"]), dtype=torch.float32))


class TextCNN(nn.Module):
    def __init__(self, vocab_size, cfg):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, cfg["embed_dim"], padding_idx=0)
        self.convs = nn.ModuleList(
            [nn.Conv1d(cfg["embed_dim"], cfg["num_filters"], k) for k in cfg["filters"]]
        )
        hidden = cfg["num_filters"] * len(cfg["filters"])
        self.dropout = nn.Dropout(cfg["dropout"])
        self.topic_head = nn.Linear(hidden, cfg["num_topics"])
        self.toxic_head = nn.Linear(hidden, 1)

    def forward(self, ids):
        x = self.embedding(ids).transpose(1, 2)
        x = torch.cat([F.relu(conv(x)).max(dim=2).values for conv in self.convs], dim=1)
        x = self.dropout(x)
        topic_logp = F.log_softmax(self.topic_head(x), dim=-1)
        toxic_prob = torch.sigmoid(self.toxic_head(x)).squeeze(-1)
        return topic_logp, toxic_prob


def run_epoch(model, loader, nll, bce, device, optimizer=None, aux_weight=0.3):
    training = optimizer is not None
    model.train(training)
    total_loss, correct, seen = 0.0, 0, 0
    with torch.set_grad_enabled(training):
        for ids, topic, toxic in loader:
            ids, topic, toxic = ids.to(device), topic.to(device), toxic.to(device)
            topic_logp, toxic_prob = model(ids)
            loss = nll(topic_logp, topic) + aux_weight * bce(toxic_prob, toxic)
            if training:
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
            total_loss += loss.item() * ids.size(0)
            pred = topic_logp.exp().argmax(dim=-1)
            correct += (pred == topic).sum().item()
            seen += ids.size(0)
    return total_loss / seen, correct / seen


@torch.no_grad()
def predict(model, text, vocab, device, max_len=200):
    model.eval()
    ids = [vocab.get(t, 1) for t in text.lower().split()][:max_len]
    ids = torch.tensor(ids + [0] * (max_len - len(ids))).unsqueeze(0).to(device)
    topic_logp, toxic_prob = model(ids)
    probs = F.softmax(topic_logp, dim=-1)
    return probs.argmax(-1).item(), probs.max().item(), toxic_prob.item()


def main(cfg=CONFIG):
    random.seed(cfg["seed"])
    torch.manual_seed(cfg["seed"])
    device = "cuda" if torch.cuda.is_available() else "cpu"
    train_recs, valid_recs = read_jsonl(cfg["train_file"]), read_jsonl(cfg["valid_file"])
    vocab = build_vocab(train_recs, cfg["min_freq"])
    train_dl = DataLoader(TopicDataset(train_recs, vocab, cfg["max_len"]),
                          batch_size=cfg["batch_size"], shuffle=True)
    valid_dl = DataLoader(TopicDataset(valid_recs, vocab, cfg["max_len"]),
                          batch_size=cfg["batch_size"])

    model = TextCNN(len(vocab), cfg).to(device)
    nll = nn.NLLLoss()
    bce = nn.BCELoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=cfg["lr"])

    for epoch in range(cfg["epochs"]):
        tr_loss, tr_acc = run_epoch(model, train_dl, nll, bce, device, optimizer, cfg["aux_weight"])
        va_loss, va_acc = run_epoch(model, valid_dl, nll, bce, device, None, cfg["aux_weight"])
        print(f"epoch {epoch}: train {tr_loss:.3f}/{tr_acc:.3f}  valid {va_loss:.3f}/{va_acc:.3f}")

    print(predict(model, "the match went to extra time after a late equaliser", vocab, device))
    torch.save({"model": model.state_dict(), "vocab": vocab}, "textcnn.pt")


if __name__ == "__main__":
    main()
