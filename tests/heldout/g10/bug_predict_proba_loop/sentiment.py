import re
from collections import Counter

import pandas as pd
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pad_sequence
from torch.utils.data import DataLoader
from tqdm import tqdm

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
LABELS = ["negative", "neutral", "positive"]


def tokenize(text):
    return re.findall(r"[a-z0-9']+", text.lower())


def build_vocab(texts, min_freq=2):
    counter = Counter(tok for t in texts for tok in tokenize(t))
    itos = ["<pad>", "<unk>"] + [w for w, c in counter.most_common() if c >= min_freq]
    return {w: i for i, w in enumerate(itos)}


def encode(text, vocab):
    return torch.tensor([vocab.get(t, 1) for t in tokenize(text)] or [1])


class BiLSTMClassifier(nn.Module):
    def __init__(self, vocab_size, emb_dim=128, hidden=128, n_classes=3, dropout=0.4):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, emb_dim, padding_idx=0)
        self.lstm = nn.LSTM(emb_dim, hidden, batch_first=True, bidirectional=True)
        self.dropout = nn.Dropout(dropout)
        self.fc = nn.Linear(2 * hidden, n_classes)

    def forward(self, x):
        out, _ = self.lstm(self.dropout(self.emb(x)))
        pooled = out.max(dim=1).values
        return self.fc(self.dropout(pooled))


def collate(batch):
    xs, ys = zip(*batch)
    return pad_sequence(xs, batch_first=True), torch.tensor(ys)


def predict_proba(model, text, vocab):  # EXPECT: TL004
    model.eval()
    ids = encode(text, vocab).unsqueeze(0).to(device)
    return torch.softmax(model(ids), dim=-1).squeeze(0)  # <- TL004


train_df = pd.read_csv("data/tweets_train.csv")
test_df = pd.read_csv("data/tweets_test.csv")
vocab = build_vocab(train_df["text"])
label2id = {l: i for i, l in enumerate(LABELS)}

train_data = [(encode(t, vocab), label2id[l]) for t, l in zip(train_df["text"], train_df["sentiment"])]
loader = DataLoader(train_data, batch_size=64, shuffle=True, collate_fn=collate)

model = BiLSTMClassifier(len(vocab)).to(device)
optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
criterion = nn.CrossEntropyLoss()

for epoch in range(8):
    model.train()
    epoch_loss = 0.0
    for x, y in tqdm(loader, desc=f"epoch {epoch}"):
        x, y = x.to(device), y.to(device)
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        optimizer.step()
        epoch_loss += loss.item()
    print(f"epoch {epoch}: loss {epoch_loss / len(loader):.4f}")

probs = []
for text in tqdm(test_df["text"], desc="scoring"):
    probs.append(predict_proba(model, text, vocab))
probs = torch.stack(probs)

test_df["pred"] = [LABELS[i] for i in probs.argmax(dim=1).tolist()]
for j, name in enumerate(LABELS):
    test_df[f"p_{name}"] = probs[:, j].detach().cpu().numpy()
if "sentiment" in test_df:
    print("accuracy:", (test_df["pred"] == test_df["sentiment"]).mean())
test_df.to_csv("tweets_scored.csv", index=False)
