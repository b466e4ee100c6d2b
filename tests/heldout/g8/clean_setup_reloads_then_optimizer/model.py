import torch
import torch.nn as nn


class CharLSTM(nn.Module):
    def __init__(self, vocab_size, emb_dim=64, hidden=512, layers=2, dropout=0.2):
        super().__init__()
        self.config = dict(vocab_size=vocab_size, emb_dim=emb_dim, hidden=hidden,
                           layers=layers, dropout=dropout)
        self.embed = nn.Embedding(vocab_size, emb_dim)
        self.rnn = nn.LSTM(emb_dim, hidden, num_layers=layers, dropout=dropout,
                           batch_first=True)
        self.drop = nn.Dropout(dropout)
        self.head = nn.Linear(hidden, vocab_size)

    def forward(self, idx, state=None):
        h, state = self.rnn(self.embed(idx), state)
        return self.head(self.drop(h)), state

    @classmethod
    def from_checkpoint(cls, path, map_location="cpu"):
        ckpt = torch.load(path, map_location=map_location)
        model = cls(**ckpt["config"])
        model.load_state_dict(ckpt["model"])
        return model, ckpt

    def save(self, path, **extra):
        torch.save({"config": self.config, "model": self.state_dict(), **extra}, path)

    @torch.no_grad()
    def generate(self, idx, steps, temperature=1.0):
        self.eval()
        logits, state = self(idx)
        out = []
        for _ in range(steps):
            probs = torch.softmax(logits[:, -1] / temperature, dim=-1)
            nxt = torch.multinomial(probs, 1)
            out.append(nxt)
            logits, state = self(nxt, state)
        return torch.cat(out, dim=1)
