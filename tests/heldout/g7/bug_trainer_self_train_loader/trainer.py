import json
import os
from collections import Counter

import torch
import torch.nn as nn
from torch.nn.utils.rnn import pad_sequence
from torch.utils.data import DataLoader, Dataset
from tqdm import tqdm


class ReviewDataset(Dataset):
    def __init__(self, path, vocab=None, max_len=256):
        with open(path) as f:
            rows = [json.loads(line) for line in f]
        self.texts = [r["text"].lower().split()[:max_len] for r in rows]
        self.labels = [int(r["label"]) for r in rows]
        if vocab is None:
            counts = Counter(w for t in self.texts for w in t)
            vocab = {"<pad>": 0, "<unk>": 1}
            for w, c in counts.most_common(30000):
                vocab[w] = len(vocab)
        self.vocab = vocab

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        ids = [self.vocab.get(w, 1) for w in self.texts[i]]
        return torch.tensor(ids, dtype=torch.long), self.labels[i]


def collate(batch):
    seqs, labels = zip(*batch)
    return pad_sequence(seqs, batch_first=True), torch.tensor(labels)


class BiGRUClassifier(nn.Module):
    def __init__(self, vocab_size, emb=128, hidden=128, n_cls=2):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, emb, padding_idx=0)
        self.rnn = nn.GRU(emb, hidden, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(2 * hidden, n_cls)

    def forward(self, x):
        out, _ = self.rnn(self.emb(x))
        mask = (x != 0).unsqueeze(-1).float()
        pooled = (out * mask).sum(1) / mask.sum(1).clamp(min=1)
        return self.fc(pooled)


class Trainer:
    def __init__(self, cfg):
        self.cfg = cfg
        self.device = torch.device(cfg.get("device", "cuda" if torch.cuda.is_available() else "cpu"))
        train_ds = ReviewDataset(cfg["train_file"])
        dev_ds = ReviewDataset(cfg["dev_file"], vocab=train_ds.vocab)
        self.train_loader = DataLoader(train_ds, batch_size=cfg["batch_size"], collate_fn=collate, num_workers=2)  # EXPECT: TL016  # <- TL016
        self.dev_loader = DataLoader(dev_ds, batch_size=cfg["batch_size"], collate_fn=collate)
        self.model = BiGRUClassifier(len(train_ds.vocab)).to(self.device)
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=cfg["lr"])
        self.loss_fn = nn.CrossEntropyLoss()
        self.best_acc = 0.0

    def _train_epoch(self, epoch):
        self.model.train()
        pbar = tqdm(self.train_loader, desc=f"train {epoch}")
        for x, y in pbar:
            x, y = x.to(self.device), y.to(self.device)
            self.optimizer.zero_grad()
            loss = self.loss_fn(self.model(x), y)
            loss.backward()
            nn.utils.clip_grad_norm_(self.model.parameters(), self.cfg["max_grad_norm"])
            self.optimizer.step()
            pbar.set_postfix(loss=loss.item())

    @torch.no_grad()
    def _evaluate(self):
        self.model.eval()
        correct = total = 0
        for x, y in self.dev_loader:
            pred = self.model(x.to(self.device)).argmax(-1).cpu()
            correct += (pred == y).sum().item()
            total += len(y)
        return correct / total

    def train(self):
        os.makedirs(self.cfg["out_dir"], exist_ok=True)
        for epoch in range(self.cfg["epochs"]):
            self._train_epoch(epoch)
            acc = self._evaluate()
            print(f"epoch {epoch} dev acc {acc:.4f}")
            if acc > self.best_acc:
                self.best_acc = acc
                torch.save(self.model.state_dict(), os.path.join(self.cfg["out_dir"], "best.pt"))


if __name__ == "__main__":
    config = {
        "train_file": "data/reviews_train.jsonl",
        "dev_file": "data/reviews_dev.jsonl",
        "batch_size": 64,
        "lr": 1e-3,
        "epochs": 8,
        "max_grad_norm": 5.0,
        "out_dir": "runs/bigru",
    }
    Trainer(config).train()
