import torch
import torch.nn as nn


class CategoricalEmbedder(nn.Module):
    def __init__(self, cardinalities, max_dim=32):
        super().__init__()
        self.embeddings = nn.ModuleList(
            [nn.Embedding(card + 1, min(max_dim, (card + 1) // 2)) for card in cardinalities]
        )
        self.out_dim = sum(e.embedding_dim for e in self.embeddings)

    def forward(self, x_cat):
        return torch.cat([emb(x_cat[:, i]) for i, emb in enumerate(self.embeddings)], dim=1)


class TabularMLP(nn.Module):
    def __init__(self, n_numeric, cardinalities, hidden=(512, 256, 128), dropout=0.15):
        super().__init__()
        self.embedder = CategoricalEmbedder(cardinalities) if cardinalities else None
        in_dim = n_numeric + (self.embedder.out_dim if self.embedder is not None else 0)
        self.num_bn = nn.BatchNorm1d(n_numeric)

        self.mlp = nn.Sequential()
        prev = in_dim
        for i, width in enumerate(hidden):
            self.mlp.add_module(f"linear{i}", nn.Linear(prev, width))
            self.mlp.add_module(f"bn{i}", nn.BatchNorm1d(width))
            self.mlp.add_module(f"act{i}", nn.SiLU())
            self.mlp.add_module(f"drop{i}", nn.Dropout(dropout))
            prev = width
        self.mlp.add_module("head", nn.Linear(prev, 1))
        self.mlp.add_module("sigmoid", nn.Sigmoid())  # EXPECT: TL003

    def forward(self, x_num, x_cat=None):
        feats = [self.num_bn(x_num)]
        if self.embedder is not None and x_cat is not None:
            feats.append(self.embedder(x_cat))
        x = torch.cat(feats, dim=1)
        return self.mlp(x).squeeze(-1)
