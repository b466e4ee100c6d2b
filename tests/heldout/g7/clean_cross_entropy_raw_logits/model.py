import torch
import torch.nn as nn
import torch.nn.functional as F


class ResidualMLPBlock(nn.Module):
    def __init__(self, dim, p=0.1):
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.fc1 = nn.Linear(dim, dim * 2)
        self.fc2 = nn.Linear(dim * 2, dim)
        self.drop = nn.Dropout(p)

    def forward(self, x):
        return x + self.drop(self.fc2(F.gelu(self.fc1(self.norm(x)))))


class ProteinFamilyClassifier(nn.Module):
    """Classifies pre-computed protein embeddings (mean-pooled ESM) into families."""

    def __init__(self, in_dim, n_families, hidden=512, depth=3):
        super().__init__()
        self.proj = nn.Linear(in_dim, hidden)
        self.blocks = nn.Sequential(*[ResidualMLPBlock(hidden) for _ in range(depth)])
        self.norm = nn.LayerNorm(hidden)
        self.out = nn.Linear(hidden, n_families)

    def forward(self, emb):
        h = self.blocks(self.proj(emb))
        return self.out(self.norm(h))

    @torch.no_grad()
    def predict_proba(self, emb):
        return F.softmax(self.forward(emb), dim=-1)
