import logging
from pathlib import Path

import torch
import torch.nn as nn
from tqdm import tqdm

logger = logging.getLogger(__name__)


class Engine:
    def __init__(self, model, optimizer, scheduler, device, class_weights=None, out_dir="runs/exp"):
        self.device = device
        self.model = model.to(device)
        self.optimizer = optimizer
        self.scheduler = scheduler
        if class_weights is not None:
            class_weights = torch.as_tensor(class_weights, dtype=torch.float32, device=device)
        self.criterion = nn.NLLLoss(weight=class_weights)  # EXPECT: TL008
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.global_step = 0

    def train_step(self, images, labels):
        self.optimizer.zero_grad()
        out = self.model(images)
        loss = self.criterion(out, labels)
        loss.backward()
        self.optimizer.step()
        self.scheduler.step()
        self.global_step += 1
        return loss.item(), (out.argmax(1) == labels).float().sum().item()

    def train_epoch(self, loader):
        self.model.train()
        total_loss, total_correct, n = 0.0, 0.0, 0
        for images, labels in tqdm(loader, desc="train", dynamic_ncols=True):
            images = images.to(self.device, non_blocking=True)
            labels = labels.to(self.device, non_blocking=True)
            loss, correct = self.train_step(images, labels)
            total_loss += loss * images.size(0)
            total_correct += correct
            n += images.size(0)
        return total_loss / n, total_correct / n

    @torch.no_grad()
    def eval_epoch(self, loader):
        self.model.eval()
        total_loss, total_correct, n = 0.0, 0.0, 0
        for images, labels in tqdm(loader, desc="valid", dynamic_ncols=True, leave=False):
            images, labels = images.to(self.device), labels.to(self.device)
            out = self.model(images)
            total_loss += self.criterion(out, labels).item() * images.size(0)
            total_correct += (out.argmax(1) == labels).sum().item()
            n += images.size(0)
        return total_loss / n, total_correct / n

    def train(self, train_loader, val_loader, epochs):
        best_acc = 0.0
        for epoch in range(1, epochs + 1):
            tr_loss, tr_acc = self.train_epoch(train_loader)
            va_loss, va_acc = self.eval_epoch(val_loader)
            logger.info(
                "epoch %3d | train %.4f / %.2f%% | val %.4f / %.2f%% | lr %.2e",
                epoch, tr_loss, 100 * tr_acc, va_loss, 100 * va_acc, self.scheduler.get_last_lr()[-1],
            )
            if va_acc > best_acc:
                best_acc = va_acc
                torch.save({"model": self.model.state_dict(), "epoch": epoch}, self.out_dir / "best.pth")
        torch.save({"model": self.model.state_dict(), "epoch": epochs}, self.out_dir / "last.pth")
        return best_acc
