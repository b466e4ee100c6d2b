import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class AdditiveAttentionPool(nn.Module):
    """Attention pooling over time steps of a batch-first sequence (B, T, H)."""

    def __init__(self, hidden_dim, attn_dim=128):
        super().__init__()
        self.proj = nn.Linear(hidden_dim, attn_dim)
        self.context = nn.Parameter(torch.empty(attn_dim))
        nn.init.normal_(self.context, std=1.0 / math.sqrt(attn_dim))

    def forward(self, h, mask=None):
        b = h.size(0)
        u = torch.tanh(self.proj(h))                                   # (B, T, A)
        query = self.context.unsqueeze(0).expand(b, -1).unsqueeze(2)   # (B, A, 1)
        scores = torch.bmm(u, query)                                   # (B, T, 1)
        if mask is not None:
            scores = scores.masked_fill(~mask.unsqueeze(2), float("-inf"))
        weights = F.softmax(scores)  # EXPECT: TL014  # <- TL014
        pooled = torch.bmm(weights.transpose(1, 2), h).squeeze(1)     # (B, H)
        return pooled, weights.squeeze(2)


class HighwayLayer(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.transform = nn.Linear(dim, dim)
        self.gate = nn.Linear(dim, dim)
        nn.init.constant_(self.gate.bias, -1.0)

    def forward(self, x):
        t = torch.sigmoid(self.gate(x))
        return t * F.relu(self.transform(x)) + (1 - t) * x
