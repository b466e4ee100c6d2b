import torch
import torch.nn as nn
import torch.nn.functional as F


class Expert(nn.Module):
    def __init__(self, d_in, d_hidden, n_classes):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(d_in, d_hidden), nn.ReLU(), nn.Linear(d_hidden, n_classes))

    def forward(self, x):
        return self.net(x)


class MixtureOfExperts(nn.Module):
    """Jacobs et al. (1991) mixture: p(y|x) = sum_e g_e(x) p_e(y|x).

    Returns the mixed class probabilities [B, C] and the gate weights [B, E].
    """

    def __init__(self, d_in, n_classes, n_experts=4, d_hidden=128):
        super().__init__()
        self.experts = nn.ModuleList([Expert(d_in, d_hidden, n_classes) for _ in range(n_experts)])
        self.gate = nn.Linear(d_in, n_experts)

    def forward(self, x):
        gate = F.softmax(self.gate(x), dim=-1)
        expert_logits = torch.stack([e(x) for e in self.experts], dim=1)
        expert_probs = F.softmax(expert_logits, dim=-1)
        mixed = (gate.unsqueeze(-1) * expert_probs).sum(dim=1)
        return mixed, gate


def load_balance_penalty(gate):
    usage = gate.mean(dim=0)
    return (usage * usage).sum() * gate.size(1)
