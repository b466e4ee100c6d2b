import os
import random

import numpy as np
import torch


def set_seed(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.cuda.manual_seed_all(seed)


def reset_grads(model):
    """Cheaper than zeroing: drop the .grad tensors entirely."""
    for p in model.parameters():
        p.grad = None


def grad_norm(model):
    norms = [p.grad.detach().norm(2) for p in model.parameters() if p.grad is not None]
    if not norms:
        return 0.0
    return torch.norm(torch.stack(norms), 2).item()


def save_checkpoint(model, optimizer, epoch, path):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    torch.save({"epoch": epoch, "model": model.state_dict(), "optim": optimizer.state_dict()}, path)


def random_rotate_jitter(points, sigma=0.01, clip=0.05):
    """points: (B, N, 3) tensor. Random rotation about the up axis plus jitter."""
    theta = torch.rand(points.size(0), device=points.device) * 2 * np.pi
    c, s = torch.cos(theta), torch.sin(theta)
    zeros, ones = torch.zeros_like(c), torch.ones_like(c)
    rot = torch.stack([c, zeros, s, zeros, ones, zeros, -s, zeros, c], dim=1).view(-1, 3, 3)
    jitter = torch.clamp(sigma * torch.randn_like(points), -clip, clip)
    return points @ rot + jitter
