import torch
import torch.nn as nn

from moe import SoftMoE


class ConvMoEEncoder(nn.Module):
    """1-D conv front end followed by MoE blocks, for multivariate time series classification."""

    def __init__(self, in_channels, num_classes, dim=128, depth=3, num_experts=4):
        super().__init__()
        self.stem = nn.Sequential(
            nn.Conv1d(in_channels, dim, kernel_size=7, padding=3),
            nn.BatchNorm1d(dim),
            nn.GELU(),
        )
        self.blocks = nn.ModuleList([SoftMoE(dim, num_experts) for _ in range(depth)])
        self.norms = nn.ModuleList([nn.LayerNorm(dim) for _ in range(depth)])
        self.head = nn.Linear(dim, num_classes)

    def forward(self, x):
        # x: (B, C, T)
        h = self.stem(x).transpose(1, 2)  # (B, T, D)
        aux = h.new_zeros(())
        for norm, block in zip(self.norms, self.blocks):
            out, balance = block(norm(h))
            h = h + out
            aux = aux + balance
        logits = self.head(h.mean(dim=1))
        return logits, aux


def init_weights(module):
    if isinstance(module, nn.Linear):
        nn.init.trunc_normal_(module.weight, std=0.02)
        if module.bias is not None:
            nn.init.zeros_(module.bias)
    elif isinstance(module, nn.Conv1d):
        nn.init.kaiming_normal_(module.weight, nonlinearity="relu")


def count_params(model):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
