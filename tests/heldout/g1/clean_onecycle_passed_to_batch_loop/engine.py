import time

import torch
import torch.nn as nn


class LabelSmoothingCE(nn.Module):
    def __init__(self, smoothing=0.1):
        super().__init__()
        self.smoothing = smoothing

    def forward(self, logits, target):
        logp = torch.log_softmax(logits, dim=-1)
        nll = -logp.gather(1, target.unsqueeze(1)).squeeze(1)
        smooth = -logp.mean(dim=-1)
        return ((1 - self.smoothing) * nll + self.smoothing * smooth).mean()


def train_one_epoch(model, loader, optimizer, scheduler, criterion, scaler, device, epoch, log_every=50):
    model.train()
    t0 = time.time()
    stats = {"loss": 0.0, "correct": 0, "n": 0}
    for it, (inputs, targets) in enumerate(loader):
        inputs = inputs.to(device, non_blocking=True).to(memory_format=torch.channels_last)
        targets = targets.to(device, non_blocking=True)

        with torch.autocast(device_type="cuda", dtype=torch.bfloat16):
            outputs = model(inputs)
            loss = criterion(outputs, targets)

        optimizer.zero_grad(set_to_none=True)
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
        scheduler.step()

        bs = targets.size(0)
        stats["loss"] += loss.item() * bs
        stats["correct"] += (outputs.argmax(1) == targets).sum().item()
        stats["n"] += bs
        if it % log_every == 0:
            print(f"epoch {epoch:02d} it {it:04d} loss {loss.item():.3f} lr {scheduler.get_last_lr()[0]:.4f}")
    elapsed = time.time() - t0
    return stats["loss"] / stats["n"], stats["correct"] / stats["n"], elapsed


@torch.no_grad()
def evaluate(model, loader, device, tta=True):
    model.eval()
    correct, n = 0, 0
    for inputs, targets in loader:
        inputs = inputs.to(device, non_blocking=True).to(memory_format=torch.channels_last)
        targets = targets.to(device, non_blocking=True)
        with torch.autocast(device_type="cuda", dtype=torch.bfloat16):
            logits = model(inputs)
            if tta:
                logits = logits + model(torch.flip(inputs, dims=[3]))
        correct += (logits.argmax(1) == targets).sum().item()
        n += targets.size(0)
    return correct / n
