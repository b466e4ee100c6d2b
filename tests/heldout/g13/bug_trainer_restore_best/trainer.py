import copy
import logging
import time

import torch
import torch.nn as nn
from tqdm import tqdm

logger = logging.getLogger(__name__)


class Trainer:
    """Plain supervised trainer with plateau rollback.

    When validation accuracy has not improved for ``patience`` epochs we go
    back to the best weights seen so far and keep going with a lower learning
    rate. After ``max_rollbacks`` such restarts training stops early.
    """

    def __init__(self, model, optimizer, criterion, device,
                 patience=3, max_rollbacks=2, lr_decay=0.5, grad_clip=None):
        self.model = model
        self.optimizer = optimizer
        self.criterion = criterion
        self.device = device
        self.patience = patience
        self.max_rollbacks = max_rollbacks
        self.lr_decay = lr_decay
        self.grad_clip = grad_clip

        self.best_acc = 0.0
        self.best_model = copy.deepcopy(model)
        self.bad_epochs = 0
        self.rollbacks = 0
        self.history = []

    def train_one_epoch(self, loader, epoch):
        self.model.train()
        running, seen = 0.0, 0
        pbar = tqdm(loader, desc=f"epoch {epoch}", leave=False)
        for images, targets in pbar:
            images = images.to(self.device, non_blocking=True)
            targets = targets.to(self.device, non_blocking=True)

            self.optimizer.zero_grad(set_to_none=True)
            logits = self.model(images)
            loss = self.criterion(logits, targets)
            loss.backward()
            if self.grad_clip:
                nn.utils.clip_grad_norm_(self.model.parameters(), self.grad_clip)
            self.optimizer.step()

            running += loss.item() * images.size(0)
            seen += images.size(0)
            pbar.set_postfix(loss=f"{running / seen:.4f}")
        return running / max(seen, 1)

    @torch.no_grad()
    def evaluate(self, loader):
        self.model.eval()
        correct, total = 0, 0
        for images, targets in loader:
            images = images.to(self.device, non_blocking=True)
            targets = targets.to(self.device, non_blocking=True)
            preds = self.model(images).argmax(dim=1)
            correct += (preds == targets).sum().item()
            total += targets.numel()
        return correct / max(total, 1)

    def _rollback(self):
        self.model = copy.deepcopy(self.best_model).to(self.device)  # EXPECT: TL001  # <- TL001
        for group in self.optimizer.param_groups:
            group["lr"] *= self.lr_decay
        self.bad_epochs = 0
        self.rollbacks += 1
        logger.info("rollback %d: restored best weights (acc=%.4f), lr -> %.2e",
                    self.rollbacks, self.best_acc, self.optimizer.param_groups[0]["lr"])

    def fit(self, train_loader, val_loader, epochs):
        for epoch in range(1, epochs + 1):
            t0 = time.time()
            train_loss = self.train_one_epoch(train_loader, epoch)
            val_acc = self.evaluate(val_loader)
            self.history.append({"epoch": epoch, "train_loss": train_loss, "val_acc": val_acc})
            logger.info("epoch %3d | loss %.4f | val_acc %.4f | %.1fs",
                        epoch, train_loss, val_acc, time.time() - t0)

            if val_acc > self.best_acc:
                self.best_acc = val_acc
                self.best_model = copy.deepcopy(self.model)
                self.bad_epochs = 0
                continue

            self.bad_epochs += 1
            if self.bad_epochs >= self.patience:
                if self.rollbacks >= self.max_rollbacks:
                    logger.info("no improvement after %d rollbacks, stopping", self.rollbacks)
                    break
                self._rollback()
        return self.history
