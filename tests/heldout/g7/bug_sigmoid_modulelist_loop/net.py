import torch
import torch.nn as nn


class FeatureEmbedding(nn.Module):
    """Embeds categorical columns and concatenates them with numeric columns."""

    def __init__(self, cardinalities, emb_dim, n_numeric):
        super().__init__()
        self.embs = nn.ModuleList([nn.Embedding(c, emb_dim) for c in cardinalities])
        self.out_dim = emb_dim * len(cardinalities) + n_numeric

    def forward(self, x_cat, x_num):
        parts = [emb(x_cat[:, i]) for i, emb in enumerate(self.embs)]
        parts.append(x_num)
        return torch.cat(parts, dim=1)


class CreditNet(nn.Module):
    def __init__(self, cardinalities, n_numeric, emb_dim=8, width=128):
        super().__init__()
        self.embed = FeatureEmbedding(cardinalities, emb_dim, n_numeric)
        self.inp = nn.Linear(self.embed.out_dim, width)
        self.blocks = nn.ModuleList([nn.Linear(width, width) for _ in range(4)])
        self.head = nn.Linear(width, 1)

    def forward(self, x_cat, x_num):  # EXPECT: TL012  # <- TL012
        x = self.embed(x_cat, x_num)
        x = self.inp(x)
        for layer in self.blocks:
            x = layer(x).sigmoid()
        return self.head(x).squeeze(-1)
