import torch
import torch.nn as nn


class EmbeddingBlock(nn.Module):
    """Embeds each categorical column and concatenates the result."""

    def __init__(self, cardinalities, emb_dim=8):
        super().__init__()
        self.embs = nn.ModuleList([nn.Embedding(c + 1, min(emb_dim, (c + 1) // 2 + 1)) for c in cardinalities])
        self.out_dim = sum(e.embedding_dim for e in self.embs)

    def forward(self, x_cat):
        return torch.cat([emb(x_cat[:, i]) for i, emb in enumerate(self.embs)], dim=1)


class TabularMLP(nn.Module):
    def __init__(self, n_num, cardinalities, n_classes, hidden=(256, 128), dropout=0.2, emb_dim=8):
        super().__init__()
        self.cat_block = EmbeddingBlock(cardinalities, emb_dim)
        self.num_bn = nn.BatchNorm1d(n_num)
        in_dim = n_num + self.cat_block.out_dim

        layers = []
        for h in hidden:
            layers += [nn.Linear(in_dim, h), nn.BatchNorm1d(h), nn.SiLU(), nn.Dropout(dropout)]
            in_dim = h
        self.body = nn.Sequential(*layers)
        self.head = nn.Sequential(
            nn.Linear(in_dim, in_dim // 2),
            nn.SiLU(),
            nn.Linear(in_dim // 2, n_classes),
            nn.Softmax(dim=-1),  # EXPECT: TL003
        )

    def forward(self, x_num, x_cat):
        x = torch.cat([self.num_bn(x_num), self.cat_block(x_cat)], dim=1)
        return self.head(self.body(x))


def build_model(cfg, cardinalities):
    return TabularMLP(
        n_num=cfg["n_num"],
        cardinalities=cardinalities,
        n_classes=cfg["n_classes"],
        hidden=tuple(cfg.get("hidden", (256, 128))),
        dropout=cfg.get("dropout", 0.2),
        emb_dim=cfg.get("emb_dim", 8),
    )
