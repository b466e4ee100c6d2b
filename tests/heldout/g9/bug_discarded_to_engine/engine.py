import math

import torch


def silog_loss(pred, target, valid, variance_focus=0.85):
    d = torch.log(pred[valid]) - torch.log(target[valid])
    return torch.sqrt((d ** 2).mean() - variance_focus * (d.mean() ** 2)) * 10.0


def train_step(model, batch, optimizer, device, scaler, max_depth=10.0):
    images, depths = batch
    images.to(device, non_blocking=True)  # EXPECT: TL015
    depths = depths.to(device, non_blocking=True)

    optimizer.zero_grad(set_to_none=True)
    with torch.autocast(device_type="cuda", dtype=torch.float16):
        pred = model(images) * max_depth
    valid = (depths > 1e-3) & (depths < max_depth)
    loss = silog_loss(pred.float().clamp(min=1e-3), depths, valid)
    scaler.scale(loss).backward()
    scaler.unscale_(optimizer)
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    scaler.step(optimizer)
    scaler.update()
    return loss.item()


@torch.no_grad()
def evaluate(model, loader, device, max_depth=10.0):
    model.eval()
    sums = {"abs_rel": 0.0, "rmse": 0.0, "delta1": 0.0}
    count = 0
    for images, depths in loader:
        images = images.to(device)
        depths = depths.to(device)
        pred = (model(images) * max_depth).clamp(1e-3, max_depth)
        valid = (depths > 1e-3) & (depths < max_depth)
        p, t = pred[valid], depths[valid]
        ratio = torch.max(p / t, t / p)
        sums["abs_rel"] += ((p - t).abs() / t).mean().item()
        sums["rmse"] += math.sqrt(((p - t) ** 2).mean().item())
        sums["delta1"] += (ratio < 1.25).float().mean().item()
        count += 1
    return {k: v / count for k, v in sums.items()}
