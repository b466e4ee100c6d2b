import math
import sys
import time

import torch

from utils import SegMetric, step_optimizer


def train_one_epoch(model, criterion, data_loader, optimizer, device, epoch, max_norm=0.0, print_freq=20):
    model.train()
    running, n = 0.0, 0
    t0 = time.time()
    for i, (images, masks) in enumerate(data_loader):
        images = images.to(device, non_blocking=True)
        masks = masks.to(device, non_blocking=True)

        outputs = model(images)
        loss = criterion(outputs["out"], masks)
        if "aux" in outputs:
            loss = loss + 0.4 * criterion(outputs["aux"], masks)

        loss_value = loss.item()
        if not math.isfinite(loss_value):
            print(f"Loss is {loss_value}, stopping training")
            sys.exit(1)

        loss.backward()
        grad_norm = step_optimizer(optimizer, model, max_norm)  # <- TL002

        running += loss_value
        n += 1
        if i % print_freq == 0:
            gn = f" grad_norm {grad_norm:.3f}" if grad_norm is not None else ""
            print(f"Epoch [{epoch}] [{i}/{len(data_loader)}] loss {loss_value:.4f} "
                  f"lr {optimizer.param_groups[0]['lr']:.5f}{gn}")
    print(f"Epoch [{epoch}] done in {time.time() - t0:.0f}s, avg loss {running / max(n, 1):.4f}")
    return running / max(n, 1)


@torch.no_grad()
def evaluate(model, data_loader, device, num_classes):
    model.eval()
    metric = SegMetric(num_classes)
    for images, masks in data_loader:
        images, masks = images.to(device), masks.to(device)
        out = model(images)["out"]
        metric.update(out.argmax(1).flatten(), masks.flatten())
    return metric.compute()
