import torch
from torch.cuda.amp import autocast
from tqdm import tqdm

from losses import RunningMean, alignment, uniformity


def pretrain_epoch(model, loader, criterion, optimizer, scaler, device, epoch, use_amp=True):
    model.train()
    meter = RunningMean()
    running = torch.zeros((), device=device)
    history = []
    pbar = tqdm(loader, desc=f"pretrain {epoch}")
    for step, ((x1, x2), _) in enumerate(pbar):
        x1, x2 = x1.to(device, non_blocking=True), x2.to(device, non_blocking=True)
        with autocast(enabled=use_amp):
            z1, z2 = model(x1), model(x2)
            loss = criterion(z1, z2)
        optimizer.zero_grad(set_to_none=True)
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()

        running += loss.detach()
        history.append(loss.detach().cpu())
        meter.update(loss.item(), x1.size(0))
        if step % 20 == 0:
            pbar.set_postfix(loss=f"{(running / (step + 1)).item():.4f}")
    return meter.mean, torch.stack(history)


@torch.no_grad()
def embedding_quality(model, loader, device, max_batches=20):
    model.eval()
    align, unif = RunningMean(), RunningMean()
    for i, ((x1, x2), _) in enumerate(loader):
        if i >= max_batches:
            break
        z1, z2 = model(x1.to(device)), model(x2.to(device))
        align.update(alignment(z1, z2).item())
        unif.update(uniformity(z1).item())
    return align.mean, unif.mean
