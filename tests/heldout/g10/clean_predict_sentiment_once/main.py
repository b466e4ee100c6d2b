import random
import time

import spacy
import torch
import torch.nn as nn
import torch.optim as optim
from torchtext.data.utils import get_tokenizer
from torchtext.datasets import IMDB
from torchtext.vocab import build_vocab_from_iterator
from torch.nn.utils.rnn import pad_sequence, pack_padded_sequence
from torch.utils.data import DataLoader

SEED = 1234
random.seed(SEED)
torch.manual_seed(SEED)
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

tokenizer = get_tokenizer("spacy", language="en_core_web_sm")
nlp = spacy.load("en_core_web_sm")

train_iter = list(IMDB(split="train"))
test_iter = list(IMDB(split="test"))
vocab = build_vocab_from_iterator((tokenizer(t) for _, t in train_iter), min_freq=5,
                                  specials=["<unk>", "<pad>"], max_tokens=25000)
vocab.set_default_index(vocab["<unk>"])
PAD_IDX = vocab["<pad>"]


def collate_batch(batch):
    labels, texts, lengths = [], [], []
    for label, text in batch:
        ids = torch.tensor(vocab(tokenizer(text)), dtype=torch.long)
        labels.append(1.0 if label == 2 else 0.0)
        texts.append(ids)
        lengths.append(len(ids))
    return pad_sequence(texts, padding_value=PAD_IDX), torch.tensor(lengths), torch.tensor(labels)


train_loader = DataLoader(train_iter, batch_size=64, shuffle=True, collate_fn=collate_batch)
test_loader = DataLoader(test_iter, batch_size=64, collate_fn=collate_batch)


class RNN(nn.Module):
    def __init__(self, vocab_size, embedding_dim, hidden_dim, n_layers, dropout, pad_idx):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embedding_dim, padding_idx=pad_idx)
        self.rnn = nn.LSTM(embedding_dim, hidden_dim, num_layers=n_layers,
                           bidirectional=True, dropout=dropout)
        self.fc = nn.Linear(hidden_dim * 2, 1)
        self.dropout = nn.Dropout(dropout)

    def forward(self, text, text_lengths):
        embedded = self.dropout(self.embedding(text))
        packed = pack_padded_sequence(embedded, text_lengths.cpu(), enforce_sorted=False)
        _, (hidden, _) = self.rnn(packed)
        hidden = self.dropout(torch.cat((hidden[-2, :, :], hidden[-1, :, :]), dim=1))
        return self.fc(hidden)


model = RNN(len(vocab), 100, 256, 2, 0.5, PAD_IDX).to(device)
optimizer = optim.Adam(model.parameters())
criterion = nn.BCEWithLogitsLoss().to(device)


def binary_accuracy(preds, y):
    return (torch.round(torch.sigmoid(preds)) == y).float().mean()


def train(model, loader, optimizer, criterion):
    epoch_loss, epoch_acc = 0.0, 0.0
    model.train()
    for text, lengths, label in loader:
        text, label = text.to(device), label.to(device)
        optimizer.zero_grad()
        predictions = model(text, lengths).squeeze(1)
        loss = criterion(predictions, label)
        loss.backward()
        optimizer.step()
        epoch_loss += loss.item()
        epoch_acc += binary_accuracy(predictions, label).item()
    return epoch_loss / len(loader), epoch_acc / len(loader)


def evaluate(model, loader, criterion):
    epoch_loss, epoch_acc = 0.0, 0.0
    model.eval()
    with torch.no_grad():
        for text, lengths, label in loader:
            text, label = text.to(device), label.to(device)
            predictions = model(text, lengths).squeeze(1)
            epoch_loss += criterion(predictions, label).item()
            epoch_acc += binary_accuracy(predictions, label).item()
    return epoch_loss / len(loader), epoch_acc / len(loader)


N_EPOCHS = 5
best_valid_loss = float("inf")
for epoch in range(N_EPOCHS):
    start = time.time()
    train_loss, train_acc = train(model, train_loader, optimizer, criterion)
    valid_loss, valid_acc = evaluate(model, test_loader, criterion)
    if valid_loss < best_valid_loss:
        best_valid_loss = valid_loss
        torch.save(model.state_dict(), "tut2-model.pt")
    print(f"Epoch {epoch + 1:02} | {time.time() - start:.0f}s | "
          f"train {train_loss:.3f}/{train_acc * 100:.2f}% | val {valid_loss:.3f}/{valid_acc * 100:.2f}%")

model.load_state_dict(torch.load("tut2-model.pt"))


def predict_sentiment(model, sentence):
    model.eval()
    tokenized = [tok.text for tok in nlp.tokenizer(sentence)]
    indexed = vocab(tokenized)
    tensor = torch.LongTensor(indexed).to(device).unsqueeze(1)
    length = torch.LongTensor([len(indexed)])
    prob = torch.sigmoid(model(tensor, length)).item()
    return "positive" if prob >= 0.5 else "negative"


print(predict_sentiment(model, "This film is terrible"))
print(predict_sentiment(model, "This film is great"))
print(predict_sentiment(model, "I expected more, but the second half really won me over"))
