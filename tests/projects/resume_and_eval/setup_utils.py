import os

import torch
from torch import optim

from nets import MLP


def setup(cfg, device):
    model = MLP(cfg.in_dim, cfg.hidden, cfg.classes).to(device)
    optimizer = optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=1e-4)
    if cfg.resume and os.path.exists(cfg.checkpoint):
        model = torch.load(cfg.checkpoint, map_location=device)  # <- TL001
    return model, optimizer


def setup_same_model(cfg, device):
    model = MLP(cfg.in_dim, cfg.hidden, cfg.classes).to(device)
    optimizer = optim.AdamW(model.parameters(), lr=cfg.lr)
    if cfg.resume:
        model = load_weights(model, cfg.checkpoint)
    return model, optimizer


def load_weights(model, path):
    state = torch.load(path, map_location="cpu")
    model.load_state_dict(state["model"])
    return model
