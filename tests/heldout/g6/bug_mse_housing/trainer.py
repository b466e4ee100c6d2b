import logging
import math

import torch

log = logging.getLogger(__name__)


class Trainer:
    def __init__(self, model, criterion, optimizer, scheduler=None, device="cpu"):
        self.model = model
        self.criterion = criterion
        self.optimizer = optimizer
        self.scheduler = scheduler
        self.device = device
        self.history = []

    def _train_step(self, x, y):
        self.optimizer.zero_grad(set_to_none=True)
        pred = self.model(x)
        loss = self.criterion(pred, y)  # EXPECT: TL009
        loss.backward()
        self.optimizer.step()
        return loss.item()

    def train_epoch(self, loader):
        self.model.train()
        total, n = 0.0, 0
        for x, y in loader:
            x, y = x.to(self.device), y.to(self.device)
            total += self._train_step(x, y) * x.size(0)
            n += x.size(0)
        if self.scheduler is not None:
            self.scheduler.step()
        return total / n

    @torch.no_grad()
    def evaluate(self, loader):
        self.model.eval()
        se, n = 0.0, 0
        for x, y in loader:
            x, y = x.to(self.device), y.to(self.device)
            pred = self.model(x).view(-1)
            se += ((pred - y) ** 2).sum().item()
            n += y.numel()
        return math.sqrt(se / n)

    def fit(self, train_loader, val_loader, epochs):
        best = float("inf")
        for epoch in range(1, epochs + 1):
            train_loss = self.train_epoch(train_loader)
            val_rmse = self.evaluate(val_loader)
            self.history.append((train_loss, val_rmse))
            log.info("epoch %d  train mse %.4f  val rmse %.4f", epoch, train_loss, val_rmse)
            if val_rmse < best:
                best = val_rmse
                torch.save(self.model.state_dict(), "housing_best.pt")
        return best
