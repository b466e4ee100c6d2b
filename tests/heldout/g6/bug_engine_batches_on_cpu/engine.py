import math
import sys

import torch

from utils import AverageMeter, accuracy


def train_one_epoch(model, loader, criterion, optimizer, epoch, scaler=None, print_freq=100):
    model.train()
    losses = AverageMeter("loss")
    top1 = AverageMeter("acc@1")

    for i, (images, targets) in enumerate(loader):
        with torch.autocast(device_type="cuda", dtype=torch.float16, enabled=scaler is not None):
            outputs = model(images)  # EXPECT: TL015
            loss = criterion(outputs, targets)

        if not math.isfinite(loss.item()):
            print(f"Loss is {loss.item()}, stopping training")
            sys.exit(1)

        optimizer.zero_grad(set_to_none=True)
        if scaler is not None:
            scaler.scale(loss).backward()
            scaler.step(optimizer)
            scaler.update()
        else:
            loss.backward()
            optimizer.step()

        acc1 = accuracy(outputs.detach(), targets, topk=(1,))[0]
        losses.update(loss.item(), images.size(0))
        top1.update(acc1, images.size(0))
        if i % print_freq == 0:
            print(f"Epoch [{epoch}][{i}/{len(loader)}]  {losses}  {top1}")
    return losses.avg, top1.avg


@torch.no_grad()
def evaluate(model, loader, criterion, device):
    model.eval()
    losses = AverageMeter("loss")
    top1 = AverageMeter("acc@1")
    top5 = AverageMeter("acc@5")
    for images, targets in loader:
        images = images.to(device, non_blocking=True)
        targets = targets.to(device, non_blocking=True)
        outputs = model(images)
        loss = criterion(outputs, targets)
        acc1, acc5 = accuracy(outputs, targets, topk=(1, 5))
        losses.update(loss.item(), images.size(0))
        top1.update(acc1, images.size(0))
        top5.update(acc5, images.size(0))
    print(f" * {top1}  {top5}  {losses}")
    return top1.avg
