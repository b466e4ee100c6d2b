import torch.nn as nn


def make_mlp(d_in, widths=(256, 256, 128), dropout=0.1):
    layers, d = [], d_in
    for w in widths:
        layers += [nn.Linear(d, w), nn.LayerNorm(w), nn.GELU(), nn.Dropout(dropout)]
        d = w
    layers.append(nn.Linear(d, 1))
    return nn.Sequential(*layers)


class ResBlock(nn.Module):
    def __init__(self, dim, dropout=0.1):
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.ff = nn.Sequential(nn.Linear(dim, 2 * dim), nn.GELU(), nn.Dropout(dropout),
                                nn.Linear(2 * dim, dim))

    def forward(self, x):
        return x + self.ff(self.norm(x))


class ResidualMLP(nn.Module):
    def __init__(self, d_in, dim=256, depth=4, dropout=0.1):
        super().__init__()
        self.inp = nn.Linear(d_in, dim)
        self.blocks = nn.ModuleList([ResBlock(dim, dropout) for _ in range(depth)])
        self.out = nn.Sequential(nn.LayerNorm(dim), nn.Linear(dim, 1))

    def forward(self, x):
        h = self.inp(x)
        for blk in self.blocks:
            h = blk(h)
        return self.out(h)


def build_model(name, d_in):
    if name == "mlp":
        return make_mlp(d_in)
    if name == "resmlp":
        return ResidualMLP(d_in)
    raise ValueError(f"unknown model {name!r}")


def n_params(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def load_weights(model: nn.Module, state, strict=True):
    if "model" in state:
        state = state["model"]
    state = {k.replace("module.", "", 1): v for k, v in state.items()}
    return model.load_state_dict(state, strict=strict)
