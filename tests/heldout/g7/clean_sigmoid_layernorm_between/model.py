import torch
import torch.nn as nn
import torch.nn.functional as F


class NormedSigmoidMLP(nn.Module):
    """Bounded-activation MLP; LayerNorm before every squashing nonlinearity keeps
    pre-activations centred so the sigmoids stay out of their flat regions."""

    def __init__(self, d_in, d_hidden, d_out, p_drop=0.1):
        super().__init__()
        self.fc1 = nn.Linear(d_in, d_hidden)
        self.ln1 = nn.LayerNorm(d_hidden)
        self.fc2 = nn.Linear(d_hidden, d_hidden)
        self.ln2 = nn.LayerNorm(d_hidden)
        self.fc3 = nn.Linear(d_hidden, d_hidden)
        self.ln3 = nn.LayerNorm(d_hidden)
        self.fc_out = nn.Linear(d_hidden, d_out)
        self.p_drop = p_drop

    def forward(self, x):
        x = torch.sigmoid(self.ln1(self.fc1(x)))
        x = F.dropout(x, self.p_drop, self.training)
        x = torch.sigmoid(self.ln2(self.fc2(x)))
        x = F.dropout(x, self.p_drop, self.training)
        x = torch.sigmoid(self.ln3(self.fc3(x)))
        return self.fc_out(x)


def count_parameters(model):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
