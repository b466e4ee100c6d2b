import math
import sys

import torch


class SmoothedValue:
    def __init__(self, window=20):
        self.values = []
        self.window = window

    def update(self, v):
        self.values.append(v)
        self.values = self.values[-self.window :]

    @property
    def avg(self):
        return sum(self.values) / max(len(self.values), 1)


def train_one_epoch(model, criterion, loader, optimizer, lr_scheduler, device, epoch, scaler=None, print_freq=50):
    model.train()
    meter = SmoothedValue()
    for i, (image, target) in enumerate(loader):
        image, target = image.to(device), target.to(device)
        with torch.autocast(device_type="cuda", enabled=scaler is not None):
            output = model(image)["out"]
            loss = criterion(output, target)
        if not math.isfinite(loss.item()):
            print(f"loss is {loss.item()}, stopping")
            sys.exit(1)
        optimizer.zero_grad()
        if scaler is not None:
            scaler.scale(loss).backward()
            scaler.step(optimizer)
            scaler.update()
        else:
            loss.backward()
            optimizer.step()
        lr_scheduler.step()
        meter.update(loss.item())
        if i % print_freq == 0:
            print(f"Epoch [{epoch}] [{i}/{len(loader)}] loss {meter.avg:.4f} lr {optimizer.param_groups[0]['lr']:.6f}")
    return meter.avg


@torch.no_grad()
def evaluate(model, loader, device, num_classes):
    model.eval()
    confmat = torch.zeros(num_classes, num_classes, dtype=torch.int64, device=device)
    for image, target in loader:
        image, target = image.to(device), target.to(device)
        pred = model(image)["out"].argmax(1)
        k = (target >= 0) & (target < num_classes)
        confmat += torch.bincount(
            num_classes * target[k] + pred[k], minlength=num_classes ** 2
        ).reshape(num_classes, num_classes)
    iou = confmat.diag() / (confmat.sum(0) + confmat.sum(1) - confmat.diag()).clamp(min=1)
    return iou.mean().item()
