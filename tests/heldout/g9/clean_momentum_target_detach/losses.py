import torch
import torch.nn.functional as F


def regression_loss(p, z):
    """BYOL loss: 2 - 2 * cos(p, sg(z))."""
    z = F.normalize(z.detach(), dim=-1)
    return 2 - 2 * (p * z).sum(dim=-1)


def symmetric_byol_loss(p1, p2, t1, t2):
    return (regression_loss(p1, t2) + regression_loss(p2, t1)).mean()


@torch.no_grad()
def collapse_stats(z):
    """Std of l2-normalised embeddings; ~1/sqrt(dim) when healthy, ~0 when collapsed."""
    z = F.normalize(z.float(), dim=-1)
    return {
        "emb_std": z.std(dim=0).mean().item(),
        "emb_mean_norm": z.mean(dim=0).norm().item(),
    }
