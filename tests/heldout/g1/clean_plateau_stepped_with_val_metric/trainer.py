import copy
import math

import torch
import torch.nn as nn


class RatingTrainer:
    """Trains a rating-prediction model; LR is reduced when val RMSE stops improving."""

    def __init__(self, model, optimizer, lr_sched, device, max_epochs=50, early_stop=8, clip=5.0):
        self.model = model.to(device)
        self.optimizer = optimizer
        self.lr_sched = lr_sched
        self.device = device
        self.max_epochs = max_epochs
        self.early_stop = early_stop
        self.clip = clip
        self.loss_fn = nn.MSELoss()
        self.best_state = None

    def _batch_to_device(self, batch):
        return [t.to(self.device, non_blocking=True) for t in batch]

    def training_step(self, batch):
        users, items, ratings = self._batch_to_device(batch)
        preds = self.model(users, items)
        loss = self.loss_fn(preds, ratings)
        self.optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(self.model.parameters(), self.clip)
        self.optimizer.step()
        return loss.item(), ratings.numel()

    def train_one_epoch(self, loader):
        self.model.train()
        se, n = 0.0, 0
        for batch in loader:
            loss, bs = self.training_step(batch)
            se += loss * bs
            n += bs
        return math.sqrt(se / n)

    @torch.no_grad()
    def evaluate(self, loader):
        self.model.eval()
        se, n = 0.0, 0
        for batch in loader:
            users, items, ratings = self._batch_to_device(batch)
            preds = self.model(users, items).clamp(1.0, 5.0)
            se += ((preds - ratings) ** 2).sum().item()
            n += ratings.numel()
        return math.sqrt(se / n)

    def fit(self, train_loader, val_loader):
        best_rmse, stale = float("inf"), 0
        for epoch in range(1, self.max_epochs + 1):
            train_rmse = self.train_one_epoch(train_loader)
            val_rmse = self.evaluate(val_loader)
            self.lr_sched.step(val_rmse)
            lr = self.optimizer.param_groups[0]["lr"]
            print(f"epoch {epoch:02d} | train rmse {train_rmse:.4f} | val rmse {val_rmse:.4f} | lr {lr:.1e}")
            if val_rmse < best_rmse - 1e-4:
                best_rmse, stale = val_rmse, 0
                self.best_state = copy.deepcopy(self.model.state_dict())
            else:
                stale += 1
                if stale >= self.early_stop:
                    print("early stopping")
                    break
        if self.best_state is not None:
            self.model.load_state_dict(self.best_state)
        return best_rmse
