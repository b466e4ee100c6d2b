import time

import torch


def _forward_batch(model, batch, criterion, device):
    x, y = batch
    x, y = x.to(device, non_blocking=True), y.to(device, non_blocking=True)
    logits = model(x)
    loss = criterion(logits, y)
    correct = (logits.argmax(dim=1) == y).sum().item()
    return loss, correct, y.size(0)


def train_one_epoch(model, loader, criterion, optimizer, device, scheduler=None, log_every=50):
    model.train()
    tic = time.time()
    total_loss, total_correct, total = 0.0, 0, 0
    for it, batch in enumerate(loader):
        loss, correct, n = _forward_batch(model, batch, criterion, device)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        if scheduler is not None:
            scheduler.step()
        total_loss += loss.item() * n
        total_correct += correct
        total += n
        if it % log_every == 0:
            print(f"  it {it:4d}  loss {total_loss / total:.4f}  acc {total_correct / total:.4f}"
                  f"  {time.time() - tic:.1f}s")
    return total_loss / total, total_correct / total


@torch.no_grad()
def evaluate(model, loader, criterion, device):
    model.eval()
    total_loss, total_correct, total = 0.0, 0, 0
    for batch in loader:
        loss, correct, n = _forward_batch(model, batch, criterion, device)
        total_loss += loss.item() * n
        total_correct += correct
        total += n
    return total_loss / total, total_correct / total
