import logging

import torch
import torch.nn as nn
import torch.nn.functional as F

logger = logging.getLogger("reid.engine")


class TripletLoss(nn.Module):
    """Batch-hard triplet loss."""

    def __init__(self, margin=0.3):
        super().__init__()
        self.ranking = nn.MarginRankingLoss(margin=margin)

    def forward(self, feats, pids):
        dist = torch.cdist(feats, feats)
        same = pids.unsqueeze(0).eq(pids.unsqueeze(1))
        hardest_pos = (dist * same.float()).max(dim=1).values
        hardest_neg = (dist + 1e5 * same.float()).min(dim=1).values
        return self.ranking(hardest_neg, hardest_pos, torch.ones_like(hardest_pos))


def train_one_epoch(model, criterion, triplet, optimizer, loader, device, epoch, tri_weight=1.0, log_every=50):
    model.train()
    meter = {"id": 0.0, "tri": 0.0, "acc": 0.0}
    for it, (imgs, pids) in enumerate(loader):
        imgs, pids = imgs.to(device), pids.to(device)
        logits, feats = model(imgs)
        id_loss = criterion(logits, pids)
        tri_loss = triplet(feats, pids)
        loss = id_loss + tri_weight * tri_loss

        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

        meter["id"] += id_loss.item()
        meter["tri"] += tri_loss.item()
        meter["acc"] += (logits.argmax(1) == pids).float().mean().item()
        if (it + 1) % log_every == 0:
            n = it + 1
            logger.info("epoch %d [%d/%d] id %.3f tri %.3f acc %.3f",
                        epoch, n, len(loader), meter["id"] / n, meter["tri"] / n, meter["acc"] / n)
    return {k: v / len(loader) for k, v in meter.items()}


@torch.no_grad()
def extract(model, loader, device):
    model.eval()
    feats, pids, cams = [], [], []
    for imgs, pid, cam in loader:
        f = model(imgs.to(device)) + model(imgs.flip(-1).to(device))
        feats.append(F.normalize(f, dim=1).cpu())
        pids.append(pid)
        cams.append(cam)
    return torch.cat(feats), torch.cat(pids), torch.cat(cams)


def rank1_and_map(q, g):
    qf, qp, qc = q
    gf, gp, gc = g
    dist = torch.cdist(qf, gf)
    rank1, aps = 0.0, []
    for i in range(len(qf)):
        valid = ~((gp == qp[i]) & (gc == qc[i]))
        order = dist[i][valid].argsort()
        matches = (gp[valid][order] == qp[i]).float()
        if matches.sum() == 0:
            continue
        rank1 += matches[0].item()
        hits = matches.cumsum(0)
        precision = hits / torch.arange(1, len(matches) + 1)
        aps.append((precision * matches).sum().item() / matches.sum().item())
    return rank1 / max(len(aps), 1), sum(aps) / max(len(aps), 1)
