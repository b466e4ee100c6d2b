import torch
import torch.nn.functional as F
from tqdm import tqdm


def train_one_epoch(model, loader, optimizer, criterion, device, epoch, lr_scheduler=None, log_interval=20):
    model.train()
    losses, n_active = [], 0
    lr = lr_scheduler.get_last_lr()[0] if lr_scheduler is not None else optimizer.param_groups[0]["lr"]
    pbar = tqdm(loader, desc=f"epoch {epoch} (lr={lr:.2e})")
    for batch_idx, (anchor, positive, negative) in enumerate(pbar):
        anchor = anchor.to(device, non_blocking=True)
        positive = positive.to(device, non_blocking=True)
        negative = negative.to(device, non_blocking=True)

        optimizer.zero_grad()
        ea, ep, en = model(anchor, positive, negative)
        loss = criterion(ea, ep, en)
        loss.backward()
        optimizer.step()

        with torch.no_grad():
            d_ap = (ea - ep).pow(2).sum(1)
            d_an = (ea - en).pow(2).sum(1)
            n_active += (d_ap - d_an + criterion.margin > 0).sum().item()
        losses.append(loss.item())
        if batch_idx % log_interval == 0:
            pbar.set_postfix(loss=sum(losses[-log_interval:]) / len(losses[-log_interval:]))
    return sum(losses) / len(losses), n_active / len(loader.dataset)


@torch.no_grad()
def recall_at_k(model, loader, device, ks=(1, 5)):
    model.eval()
    embs, labels = [], []
    for images, targets in loader:
        embs.append(model.get_embedding(images.to(device)))
        labels.append(targets.to(device))
    embs, labels = torch.cat(embs), torch.cat(labels)
    sim = embs @ embs.t()
    sim.fill_diagonal_(-float("inf"))
    topk = sim.topk(max(ks), dim=1).indices
    hits = labels[topk] == labels[:, None]
    return {f"R@{k}": hits[:, :k].any(1).float().mean().item() for k in ks}


def cosine_margin_loss(ea, ep, en, margin=0.2):
    return F.relu(F.cosine_similarity(ea, en) - F.cosine_similarity(ea, ep) + margin).mean()
