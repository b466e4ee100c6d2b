import torch
import torch.nn as nn


class TabularNet(nn.Module):
    def __init__(self, n_cont, cat_cardinalities, emb_dim=8, hidden=(512, 256), dropout=0.3, n_out=1):
        super().__init__()
        self.embs = nn.ModuleList([nn.Embedding(card + 1, min(emb_dim, (card + 1) // 2 + 1))
                                   for card in cat_cardinalities])
        emb_total = sum(e.embedding_dim for e in self.embs)
        self.bn_cont = nn.BatchNorm1d(n_cont)
        layers = []
        d_in = n_cont + emb_total
        for h in hidden:
            layers += [nn.Linear(d_in, h), nn.BatchNorm1d(h), nn.SiLU(), nn.Dropout(dropout)]
            d_in = h
        self.mlp = nn.Sequential(*layers)
        self.out = nn.Linear(d_in, n_out)

    def forward(self, x_cont, x_cat):
        embs = [emb(x_cat[:, i]) for i, emb in enumerate(self.embs)]
        x = torch.cat([self.bn_cont(x_cont)] + embs, dim=1)
        return self.out(self.mlp(x)).squeeze(-1)
