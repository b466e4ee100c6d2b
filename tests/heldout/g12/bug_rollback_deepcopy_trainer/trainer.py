import copy
import logging
import math

import torch
from tqdm import tqdm

log = logging.getLogger(__name__)


class Trainer:
    """Minimal trainer with rollback-on-divergence.

    If the validation loss gets much worse than the best seen so far we go back to
    the best weights and cut the learning rate.
    """

    def __init__(self, model, optimizer, loss_fn, device, grad_clip=1.0,
                 rollback_tol=1.5, lr_decay=0.5, patience=8):
        self.model = model.to(device)
        self.optimizer = optimizer
        self.loss_fn = loss_fn
        self.device = device
        self.grad_clip = grad_clip
        self.rollback_tol = rollback_tol
        self.lr_decay = lr_decay
        self.patience = patience

        self.best_loss = math.inf
        self.best_model = None
        self.bad_epochs = 0
        self.history = {"train": [], "val": []}

    def _set_lr(self, factor):
        for group in self.optimizer.param_groups:
            group["lr"] *= factor

    def train_epoch(self, loader, epoch):
        self.model.train()
        total, n = 0.0, 0
        pbar = tqdm(loader, desc=f"epoch {epoch}", leave=False)
        for past, future in pbar:
            past, future = past.to(self.device), future.to(self.device)
            self.optimizer.zero_grad()
            pred = self.model(past)
            loss = self.loss_fn(pred, future)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(self.model.parameters(), self.grad_clip)
            self.optimizer.step()

            total += loss.item() * past.size(0)
            n += past.size(0)
            pbar.set_postfix(loss=f"{total / n:.4f}")
        return total / n

    @torch.no_grad()
    def validate(self, loader):
        self.model.eval()
        total, n = 0.0, 0
        for past, future in loader:
            past, future = past.to(self.device), future.to(self.device)
            total += self.loss_fn(self.model(past), future).item() * past.size(0)
            n += past.size(0)
        return total / n

    def _end_of_epoch(self, val_loss):
        if val_loss < self.best_loss:
            self.best_loss = val_loss
            self.best_model = copy.deepcopy(self.model)
            self.bad_epochs = 0
            return False

        self.bad_epochs += 1
        if self.best_model is not None and val_loss > self.rollback_tol * self.best_loss:
            log.warning("val loss %.4f diverged from best %.4f, rolling back", val_loss, self.best_loss)
            self.model = copy.deepcopy(self.best_model)  # EXPECT: TL001  # <- TL001
            self._set_lr(self.lr_decay)
        return self.bad_epochs >= self.patience

    def fit(self, train_loader, val_loader, epochs):
        for epoch in range(1, epochs + 1):
            tr = self.train_epoch(train_loader, epoch)
            va = self.validate(val_loader)
            self.history["train"].append(tr)
            self.history["val"].append(va)
            log.info("epoch %03d | train %.4f | val %.4f | lr %.2e",
                     epoch, tr, va, self.optimizer.param_groups[0]["lr"])
            if self._end_of_epoch(va):
                log.info("early stopping at epoch %d", epoch)
                break
        return self.best_model if self.best_model is not None else self.model
