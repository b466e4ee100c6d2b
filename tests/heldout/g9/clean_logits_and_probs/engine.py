import numpy as np
import torch
from tqdm import tqdm


def train_one_epoch(model, loader, optimizer, loss_fn, device, scaler, log_every=50):
    model.train()
    total, count = 0.0, 0
    for step, (spec, target) in enumerate(tqdm(loader, leave=False)):
        spec = spec.to(device, non_blocking=True)
        target = target.to(device, non_blocking=True)

        optimizer.zero_grad(set_to_none=True)
        with torch.autocast(device_type="cuda", dtype=torch.float16, enabled=scaler.is_enabled()):
            logits, _ = model(spec)
            loss = loss_fn(logits, target)
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()

        total += loss.item() * spec.size(0)
        count += spec.size(0)
        if step % log_every == 0:
            tqdm.write(f"  step {step:4d} loss {loss.item():.4f}")
    return total / max(count, 1)


@torch.no_grad()
def evaluate(model, loader, loss_fn, device):
    model.eval()
    losses, hits, n = [], 0, 0
    confidences = []
    for spec, target in loader:
        spec = spec.to(device)
        target = target.to(device)
        logits, probs = model(spec)
        losses.append(loss_fn(logits, target).item())
        conf, pred = probs.max(dim=1)
        hits += (pred == target).sum().item()
        n += target.numel()
        confidences.append(conf.cpu().numpy())
    mean_conf = float(np.concatenate(confidences).mean())
    return {"loss": float(np.mean(losses)), "acc": hits / n, "mean_conf": mean_conf}
