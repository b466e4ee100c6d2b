import torch
import torch.nn.functional as F

from utils import AverageMeter, move_to_device


def train_step(model, batch, optimizer, device, temperature=0.05):
    batch = move_to_device(batch, device)
    user_emb, item_emb = model(batch["user"], batch["item"])
    logits = user_emb @ item_emb.t() / temperature
    labels = torch.arange(logits.size(0), device=logits.device)
    logq = batch["item_logq"]
    loss = F.cross_entropy(logits - logq.unsqueeze(0), labels)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


def train_epoch(model, loader, optimizer, device):
    model.train()
    meter = AverageMeter()
    for batch in loader:
        meter.update(train_step(model, batch, optimizer, device), n=len(batch["item_logq"]))
    return meter.avg


@torch.no_grad()
def recall_at_k(model, loader, item_table, device, k=50):
    model.eval()
    item_table = move_to_device(item_table, device)
    all_items = model.item_tower(item_table)
    hits, total = 0, 0
    for batch in loader:
        user = {name: x.to(device, non_blocking=True) for name, x in batch["user"].items()}
        target = batch["item_index"].to(device, non_blocking=True)
        u = model.user_tower(user)
        topk = (u @ all_items.t()).topk(k, dim=1).indices
        hits += (topk == target.unsqueeze(1)).any(dim=1).sum().item()
        total += target.numel()
    return hits / total
