import time

import torch
import torch.nn as nn


def train_one_epoch(model, loader, optimizer, scheduler, loss_fn, device, grad_clip=0.1):
    model.train()
    start = time.time()
    loss_sum, correct, seen = 0.0, 0, 0
    lrs = []
    for x, y in loader:
        x, y = x.to(device, non_blocking=True), y.to(device, non_blocking=True)
        out = model(x)
        loss = loss_fn(out, y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        if grad_clip:
            nn.utils.clip_grad_value_(model.parameters(), grad_clip)
        optimizer.step()
        scheduler.step()
        lrs.append(optimizer.param_groups[0]["lr"])

        loss_sum += loss.item() * x.size(0)
        correct += (out.argmax(1) == y).sum().item()
        seen += x.size(0)
    return {
        "loss": loss_sum / seen,
        "acc": correct / seen,
        "lr_last": lrs[-1],
        "time": time.time() - start,
    }


@torch.no_grad()
def evaluate(model, loader, loss_fn, device):
    model.eval()
    loss_sum, correct, seen = 0.0, 0, 0
    for x, y in loader:
        x, y = x.to(device, non_blocking=True), y.to(device, non_blocking=True)
        out = model(x)
        loss_sum += loss_fn(out, y).item() * x.size(0)
        correct += (out.argmax(1) == y).sum().item()
        seen += x.size(0)
    return {"loss": loss_sum / seen, "acc": correct / seen}
