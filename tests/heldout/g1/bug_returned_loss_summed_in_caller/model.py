import torch
import torch.nn as nn


class CharLSTM(nn.Module):
    def __init__(self, vocab_size, emb_dim=128, hidden=512, layers=2, dropout=0.3, tie_weights=False):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, emb_dim)
        self.drop = nn.Dropout(dropout)
        self.rnn = nn.LSTM(emb_dim, hidden, num_layers=layers, dropout=dropout, batch_first=True)
        self.proj = nn.Linear(hidden, emb_dim)
        self.head = nn.Linear(emb_dim, vocab_size)
        if tie_weights:
            self.head.weight = self.embed.weight
        self.init_weights()

    def init_weights(self):
        nn.init.uniform_(self.embed.weight, -0.1, 0.1)
        nn.init.zeros_(self.head.bias)

    def forward(self, x):
        h = self.drop(self.embed(x))
        out, _ = self.rnn(h)
        out = self.drop(out)
        return self.head(self.proj(out))

    @torch.no_grad()
    def generate(self, prefix_ids, n_chars, temperature=1.0):
        self.eval()
        ids = prefix_ids.clone()
        for _ in range(n_chars):
            logits = self(ids)[:, -1, :] / temperature
            nxt = torch.multinomial(torch.softmax(logits, dim=-1), 1)
            ids = torch.cat([ids, nxt], dim=1)
        return ids
