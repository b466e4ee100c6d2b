import time

import torch
import torch.nn.functional as F


def mixup(x, y, alpha, num_classes):
    y = F.one_hot(y, num_classes).float()
    if alpha <= 0:
        return x, y
    lam = torch.distributions.Beta(alpha, alpha).sample().item()
    idx = torch.randperm(x.size(0), device=x.device)
    return lam * x + (1 - lam) * x[idx], lam * y + (1 - lam) * y[idx]


def train_step(model, images, targets, optimizer, scaler, cfg):
    images, soft_targets = mixup(images, targets, cfg["mixup_alpha"], cfg["num_classes"])
    with torch.autocast(device_type="cuda", dtype=torch.float16, enabled=cfg["amp"]):
        logits = model(images)
        loss = torch.sum(-soft_targets * F.log_softmax(logits, dim=-1), dim=-1).mean()
    scaler.scale(loss).backward()
    if cfg["clip_grad"]:
        scaler.unscale_(optimizer)
        torch.nn.utils.clip_grad_norm_(model.parameters(), cfg["clip_grad"])
    scaler.step(optimizer)  # EXPECT: TL002
    scaler.update()
    return loss.item()


def train_one_epoch(model, loader, optimizer, scaler, device, epoch, cfg):
    model.train()
    total, count = 0.0, 0
    end = time.time()
    for step, (images, targets) in enumerate(loader):
        images = images.to(device, non_blocking=True)
        targets = targets.to(device, non_blocking=True)
        loss = train_step(model, images, targets, optimizer, scaler, cfg)  # <- TL002
        total += loss * images.size(0)
        count += images.size(0)
        if step % cfg["print_freq"] == 0:
            print(f"[{epoch}][{step}/{len(loader)}] loss {loss:.4f} "
                  f"({time.time() - end:.2f}s/it) scale {scaler.get_scale():.0f}")
        end = time.time()
    return total / count


@torch.no_grad()
def evaluate(model, loader, device, amp=True):
    model.eval()
    correct1, correct5, n = 0, 0, 0
    for images, targets in loader:
        images = images.to(device, non_blocking=True)
        targets = targets.to(device, non_blocking=True)
        with torch.autocast(device_type="cuda", dtype=torch.float16, enabled=amp):
            logits = model(images)
        top5 = logits.topk(5, dim=1).indices
        correct1 += (top5[:, 0] == targets).sum().item()
        correct5 += (top5 == targets[:, None]).any(dim=1).sum().item()
        n += targets.size(0)
    return 100.0 * correct1 / n, 100.0 * correct5 / n
