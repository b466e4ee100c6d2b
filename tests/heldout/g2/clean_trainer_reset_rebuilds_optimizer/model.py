import torch
import torch.nn as nn


class FTEmbedding(nn.Module):
    """Per-feature linear tokenizer for numerical columns."""

    def __init__(self, n_num, n_cat_levels, d):
        super().__init__()
        self.num_w = nn.Parameter(torch.randn(n_num, d) * 0.02)
        self.num_b = nn.Parameter(torch.zeros(n_num, d))
        self.cat = nn.ModuleList([nn.Embedding(n, d) for n in n_cat_levels])

    def forward(self, x_num, x_cat):
        tok = x_num[..., None] * self.num_w + self.num_b
        if self.cat:
            tok = torch.cat([tok, torch.stack([e(x_cat[:, i]) for i, e in enumerate(self.cat)], 1)], 1)
        return tok


class FTTransformer(nn.Module):
    def __init__(self, n_num, n_cat_levels, d=96, depth=3, heads=8, dropout=0.1):
        super().__init__()
        self.tok = FTEmbedding(n_num, n_cat_levels, d)
        self.cls = nn.Parameter(torch.zeros(1, 1, d))
        layer = nn.TransformerEncoderLayer(d, heads, d * 4 // 3, dropout, batch_first=True, norm_first=True)
        self.enc = nn.TransformerEncoder(layer, depth)
        self.head = nn.Sequential(nn.LayerNorm(d), nn.ReLU(), nn.Linear(d, 1))

    def forward(self, x_num, x_cat):
        t = self.tok(x_num, x_cat)
        t = torch.cat([self.cls.expand(t.size(0), -1, -1), t], 1)
        return self.head(self.enc(t)[:, 0]).squeeze(-1)
