import torch.nn as nn


class ResidualBlock(nn.Module):
    def __init__(self, dim, dropout=0.1):
        super().__init__()
        self.block = nn.Sequential(
            nn.LayerNorm(dim),
            nn.Linear(dim, dim * 2),
            nn.GELU(),
            nn.Dropout(dropout),
            nn.Linear(dim * 2, dim),
        )

    def forward(self, x):
        return x + self.block(x)


class ResMLP(nn.Module):
    def __init__(self, d_in, d_model=128, depth=3, dropout=0.1):
        super().__init__()
        self.stem = nn.Linear(d_in, d_model)
        self.blocks = nn.Sequential(*[ResidualBlock(d_model, dropout) for _ in range(depth)])
        self.norm = nn.LayerNorm(d_model)
        self.out = nn.Linear(d_model, 1)

    def forward(self, x):
        h = self.blocks(self.stem(x))
        return self.out(self.norm(h)).squeeze(-1)


def param_groups(model, weight_decay):
    decay, no_decay = [], []
    for name, p in model.named_parameters():
        if p.ndim < 2 or "norm" in name:
            no_decay.append(p)
        else:
            decay.append(p)
    return [{"params": decay, "weight_decay": weight_decay},
            {"params": no_decay, "weight_decay": 0.0}]


def describe(model):
    n = sum(p.numel() for p in model.parameters())
    return f"{model.__class__.__name__} with {n / 1e3:.1f}k params"
