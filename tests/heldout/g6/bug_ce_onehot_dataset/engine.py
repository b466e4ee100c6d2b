import time

import torch


def train_one_epoch(model, loader, criterion, optimizer, device, epoch, log_every=50):
    model.train()
    running, seen = 0.0, 0
    start = time.time()
    for step, (x, y) in enumerate(loader):
        x = x.to(device, non_blocking=True)
        y = y.to(device, non_blocking=True)

        optimizer.zero_grad(set_to_none=True)
        logits = model(x)
        loss = criterion(logits, y)  # EXPECT: TL009
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=5.0)
        optimizer.step()

        running += loss.item() * x.size(0)
        seen += x.size(0)
        if step % log_every == 0:
            elapsed = time.time() - start
            print(f"epoch {epoch} step {step}/{len(loader)} "
                  f"loss {running / seen:.4f} ({elapsed:.1f}s)")
    return running / max(seen, 1)


@torch.no_grad()
def evaluate(model, loader, device):
    model.eval()
    correct, total = 0, 0
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        pred = model(x).argmax(dim=1)
        correct += (pred == y.argmax(dim=1)).sum().item()
        total += y.size(0)
    return correct / max(total, 1)
