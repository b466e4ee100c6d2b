import torch
import torch.nn as nn
import torch.nn.functional as F


class CharLM(nn.Module):
    def __init__(self, vocab, width=128):
        super().__init__()
        self.embed = nn.Embedding(vocab, width)
        self.rnn = nn.GRU(width, width, batch_first=True)
        self.head = nn.Linear(width, vocab)

    def forward(self, tokens):
        hidden, _ = self.rnn(self.embed(tokens))
        return self.head(hidden)

    def sample(self, prompt, length, temperature=1.0):
        tokens = prompt
        for _ in range(length):
            logits = self(tokens)[:, -1] / temperature  # <- TL004
            tokens = torch.cat([tokens, torch.multinomial(F.softmax(logits, -1), 1)], dim=1)
        return tokens

    def greedy(self, prompt, length):
        tokens = prompt
        for _ in range(length):
            tokens = torch.cat([tokens, self(tokens)[:, -1:].argmax(-1)], dim=1)
        return tokens

    def complete(self, prompt, length):
        tokens = prompt
        for _ in range(length):
            tokens = torch.cat([tokens, self(tokens)[:, -1:].argmax(-1)], dim=1)
        return tokens

    def predict(self, tokens):
        return self(tokens).argmax(-1)  # <- TL004

    def infer(self, tokens):
        return self(tokens).softmax(-1)

    def validation_step(self, batch):
        tokens, targets = batch
        logits = self(tokens)  # <- TL004
        return F.cross_entropy(logits.flatten(0, 1), targets.flatten()).item()

    def test_step(self, batch):
        tokens, targets = batch
        return (self(tokens).argmax(-1) == targets).float().mean().item()
