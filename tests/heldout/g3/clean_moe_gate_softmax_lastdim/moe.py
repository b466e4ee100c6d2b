import torch
import torch.nn as nn


class Expert(nn.Module):
    def __init__(self, dim, hidden, dropout=0.1):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(dim, hidden), nn.GELU(), nn.Dropout(dropout), nn.Linear(hidden, dim))

    def forward(self, x):
        return self.net(x)


class SoftMoE(nn.Module):
    """Dense (soft) mixture of experts applied token-wise to a (B, T, D) sequence."""

    def __init__(self, dim, num_experts=4, hidden=512, dropout=0.1):
        super().__init__()
        self.experts = nn.ModuleList([Expert(dim, hidden, dropout) for _ in range(num_experts)])
        self.gate = nn.Sequential(
            nn.LayerNorm(dim),
            nn.Linear(dim, num_experts),
            nn.Softmax(dim=-1),
        )

    def forward(self, x):
        weights = self.gate(x)                                          # (B, T, E)
        expert_out = torch.stack([e(x) for e in self.experts], dim=-1)  # (B, T, D, E)
        out = (expert_out * weights.unsqueeze(2)).sum(dim=-1)
        load = weights.mean(dim=(0, 1))
        balance = (load * load).sum() * len(self.experts)
        return out, balance


@torch.no_grad()
def expert_utilization(moe, x):
    """Average routing weight each expert receives on a batch; handy for logging."""
    weights = moe.gate(x)
    return weights.reshape(-1, weights.size(-1)).mean(dim=0)
