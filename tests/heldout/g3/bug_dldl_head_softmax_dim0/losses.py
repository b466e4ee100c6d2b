import math

import torch
import torch.nn as nn


def gaussian_label_distribution(ages, support, sigma=2.0):
    """Turn scalar ages (B,) into normalized Gaussian distributions over `support` (K,)."""
    diff = support.unsqueeze(0) - ages.float().unsqueeze(1)
    dist = torch.exp(-0.5 * (diff / sigma) ** 2) / (sigma * math.sqrt(2 * math.pi))
    return dist / dist.sum(dim=1, keepdim=True)


class DLDLLoss(nn.Module):
    def __init__(self, support, sigma=2.0, lam=1.0, eps=1e-8):
        super().__init__()
        self.register_buffer("support", support)
        self.sigma = sigma
        self.lam = lam
        self.eps = eps
        self.kl = nn.KLDivLoss(reduction="batchmean")
        self.l1 = nn.L1Loss()

    def forward(self, dist, expected_age, target_age):
        target_dist = gaussian_label_distribution(target_age, self.support, self.sigma)
        kl = self.kl(torch.log(dist + self.eps), target_dist)
        return kl + self.lam * self.l1(expected_age, target_age.float())


@torch.no_grad()
def cumulative_score(pred_age, target_age, threshold=5):
    """CS(l): fraction of images whose absolute error is not larger than l years."""
    err = (pred_age - target_age.float()).abs()
    return (err <= threshold).float().mean().item()


@torch.no_grad()
def mae(pred_age, target_age):
    return (pred_age - target_age.float()).abs().mean().item()
