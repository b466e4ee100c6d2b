import logging
import os

import torch

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
    def __init__(self, model, criterion, optimizer, scheduler=None, device="cuda", ckpt_dir="checkpoints"):
        self.device = device
        self.model = model.to(device)
        self.criterion = criterion
        self.optimizer = optimizer
        self.scheduler = scheduler
        self.ckpt_dir = ckpt_dir
        self.best_acc = 0.0
        os.makedirs(ckpt_dir, exist_ok=True)

    def train_one_epoch(self, loader, epoch):
        self.model.train()
        loss_meter, acc_meter = AverageMeter(), AverageMeter()
        for step, (x, y) in enumerate(loader):
            x, y = x.to(self.device), y.to(self.device)
            self.optimizer.zero_grad()
            out = self.model(x)
            loss = self.criterion(out, y)
            loss.backward()
            self.optimizer.step()

            acc = (out.argmax(1) == y).float().mean().item()
            loss_meter.update(loss.item(), x.size(0))
            acc_meter.update(acc, x.size(0))
            if step % 50 == 0:
                logger.info("epoch %d step %d loss %.4f acc %.3f", epoch, step, loss_meter.avg, acc_meter.avg)
        if self.scheduler is not None:
            self.scheduler.step()
        return loss_meter.avg, acc_meter.avg

    @torch.no_grad()
    def evaluate(self, loader):
        self.model.eval()
        correct, total = 0, 0
        for x, y in loader:
            x, y = x.to(self.device), y.to(self.device)
            pred = self.model(x).argmax(1)
            correct += (pred == y).sum().item()
            total += y.numel()
        return correct / max(total, 1)

    def save(self, epoch, acc, name="best.pt"):
        torch.save(
            {"epoch": epoch, "acc": acc, "model": self.model.state_dict(), "optim": self.optimizer.state_dict()},
            os.path.join(self.ckpt_dir, name),
        )

    def fit(self, train_loader, val_loader, epochs):
        for epoch in range(1, epochs + 1):
            tr_loss, tr_acc = self.train_one_epoch(train_loader, epoch)
            val_acc = self.evaluate(val_loader)
            logger.info("[%d/%d] train_loss=%.4f train_acc=%.3f val_acc=%.3f", epoch, epochs, tr_loss, tr_acc, val_acc)
            if val_acc > self.best_acc:
                self.best_acc = val_acc
                self.save(epoch, val_acc)
        return self.best_acc
