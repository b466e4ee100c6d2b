import copy
import logging

import torch
import torch.nn.functional as F
from tqdm import tqdm

logger = logging.getLogger(__name__)


def dice_loss(logits, target, eps=1.0):
    probs = torch.sigmoid(logits)
    num = 2 * (probs * target).sum(dim=(1, 2, 3)) + eps
    den = probs.sum(dim=(1, 2, 3)) + target.sum(dim=(1, 2, 3)) + eps
    return 1 - (num / den).mean()


class SegTrainer:
    def __init__(self, model, optimizer, device, epochs, patience=5, lr_factor=0.3,
                 max_restores=3, amp=True):
        self.model = model
        self.optimizer = optimizer
        self.device = device
        self.epochs = epochs
        self.patience = patience
        self.lr_factor = lr_factor
        self.max_restores = max_restores
        self.scaler = torch.cuda.amp.GradScaler(enabled=amp)
        self.amp = amp

        self.best_dice = 0.0
        self.best_state = copy.deepcopy(model.state_dict())
        self.stale = 0
        self.restores = 0

    def _train_epoch(self, loader, epoch):
        self.model.train()
        total = 0.0
        for imgs, masks in tqdm(loader, desc=f"[{epoch}] train", leave=False):
            imgs, masks = imgs.to(self.device), masks.to(self.device)
            self.optimizer.zero_grad(set_to_none=True)
            with torch.autocast("cuda", enabled=self.amp):
                logits = self.model(imgs)
                loss = F.binary_cross_entropy_with_logits(logits, masks) + dice_loss(logits, masks)
            self.scaler.scale(loss).backward()
            self.scaler.step(self.optimizer)
            self.scaler.update()
            total += loss.item()
        return total / len(loader)

    @torch.no_grad()
    def _validate(self, loader):
        self.model.eval()
        inter, union = 0.0, 0.0
        for imgs, masks in loader:
            imgs, masks = imgs.to(self.device), masks.to(self.device)
            preds = (torch.sigmoid(self.model(imgs)) > 0.5).float()
            inter += (preds * masks).sum().item()
            union += preds.sum().item() + masks.sum().item()
        return 2 * inter / max(union, 1e-6)

    def _restore_best(self):
        self.model.load_state_dict(self.best_state)
        for g in self.optimizer.param_groups:
            g["lr"] = g["lr"] * self.lr_factor
        self.restores += 1
        self.stale = 0
        logger.info("restored best weights (dice %.4f); lr now %.2e",
                    self.best_dice, self.optimizer.param_groups[0]["lr"])

    def fit(self, train_loader, val_loader):
        for epoch in range(self.epochs):
            loss = self._train_epoch(train_loader, epoch)
            dice = self._validate(val_loader)
            logger.info("epoch %d: loss=%.4f dice=%.4f", epoch, loss, dice)

            if dice > self.best_dice:
                self.best_dice = dice
                self.best_state = copy.deepcopy(self.model.state_dict())
                self.stale = 0
            else:
                self.stale += 1

            if self.stale >= self.patience:
                if self.restores >= self.max_restores:
                    logger.info("stopping: no improvement after %d restores", self.restores)
                    break
                self._restore_best()

        self.model.load_state_dict(self.best_state)
        return self.best_dice
