import math

import torch
import torch.nn as nn


class LayerLSTMCell(nn.Module):
    """Hand-written LSTM cell (so we can experiment with the forget-gate bias)."""

    def __init__(self, input_size, hidden_size, forget_bias=1.0):
        super().__init__()
        self.hidden_size = hidden_size
        self.x2h = nn.Linear(input_size, 4 * hidden_size)
        self.h2h = nn.Linear(hidden_size, 4 * hidden_size, bias=False)
        self.forget_bias = forget_bias
        self.reset_parameters()

    def reset_parameters(self):
        std = 1.0 / math.sqrt(self.hidden_size)
        for w in self.parameters():
            nn.init.uniform_(w, -std, std)

    def forward(self, x, state):
        h, c = state
        gates = self.x2h(x) + self.h2h(h)
        i, f, g, o = gates.chunk(4, dim=1)
        i = torch.sigmoid(i)
        f = torch.sigmoid(f + self.forget_bias)
        g = torch.tanh(g)
        o = torch.sigmoid(o)
        c = f * c + i * g
        h = o * torch.tanh(c)
        return h, c


class CharLSTM(nn.Module):
    def __init__(self, vocab_size, emb_dim=64, hidden=256):
        super().__init__()
        self.hidden = hidden
        self.emb = nn.Embedding(vocab_size, emb_dim)
        self.cell = LayerLSTMCell(emb_dim, hidden)
        self.proj = nn.Linear(hidden, vocab_size)

    def forward(self, tokens, state=None):
        B, T = tokens.shape
        if state is None:
            zeros = tokens.new_zeros((B, self.hidden), dtype=torch.float)
            state = (zeros, zeros.clone())
        x = self.emb(tokens)
        outs = []
        for t in range(T):
            state = self.cell(x[:, t], state)
            outs.append(state[0])
        return self.proj(torch.stack(outs, dim=1)), state
