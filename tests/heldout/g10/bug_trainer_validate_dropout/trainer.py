import logging
import time

import torch
import torch.nn as nn

logger = logging.getLogger(__name__)


class AverageMeter:
    def __init__(self):
        self.reset()

    def reset(self):
        self.sum = 0.0
        self.count = 0

    def update(self, val, n=1):
        self.sum += val * n
        self.count += n

    @property
    def avg(self):
        return self.sum / max(self.count, 1)


class Trainer:
    def __init__(self, model, optimizer, criterion=None, device="cpu", scheduler=None, grad_clip=None):
        self.model = model.to(device)
        self.optimizer = optimizer
        self.criterion = criterion or nn.CrossEntropyLoss()
        self.device = device
        self.scheduler = scheduler
        self.grad_clip = grad_clip
        self.global_step = 0

    def train_one_epoch(self, loader):
        self.model.train()
        loss_meter = AverageMeter()
        start = time.time()
        for features, targets in loader:
            features = features.to(self.device, non_blocking=True)
            targets = targets.to(self.device, non_blocking=True)

            self.optimizer.zero_grad(set_to_none=True)
            logits = self.model(features)
            loss = self.criterion(logits, targets)
            loss.backward()
            if self.grad_clip is not None:
                nn.utils.clip_grad_norm_(self.model.parameters(), self.grad_clip)
            self.optimizer.step()
            if self.scheduler is not None:
                self.scheduler.step()

            loss_meter.update(loss.item(), features.size(0))
            self.global_step += 1
        logger.info("train epoch took %.1fs", time.time() - start)
        return loss_meter.avg

    @torch.no_grad()
    def validate(self, loader):
        loss_meter = AverageMeter()
        correct, total = 0, 0
        for features, targets in loader:
            features = features.to(self.device)
            targets = targets.to(self.device)
            logits = self.model(features)  # EXPECT: TL007  # <- TL007
            loss_meter.update(self.criterion(logits, targets).item(), features.size(0))
            correct += (logits.argmax(dim=1) == targets).sum().item()
            total += targets.numel()
        return loss_meter.avg, correct / max(total, 1)

    def save(self, path):
        torch.save(
            {
                "model": self.model.state_dict(),
                "optimizer": self.optimizer.state_dict(),
                "step": self.global_step,
            },
            path,
        )
