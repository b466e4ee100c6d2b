import logging

import numpy as np
import torch
import torch.nn as nn
from sklearn.metrics import roc_auc_score
from tqdm import tqdm

logger = logging.getLogger(__name__)


class Trainer:
    def __init__(self, model, cfg, pos_weight=None):
        self.cfg = cfg
        self.device = torch.device(cfg["device"])
        self.model = model.to(self.device)
        pw = torch.tensor([pos_weight], device=self.device) if pos_weight is not None else None
        self.criterion = nn.BCEWithLogitsLoss(pos_weight=pw)
        self.optimizer = torch.optim.AdamW(
            self.model.parameters(), lr=cfg["lr"], weight_decay=cfg["weight_decay"]
        )
        self.scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(
            self.optimizer, T_max=cfg["epochs"]
        )
        self.best_auc = 0.0

    def _step(self, batch):
        x_num = batch["num"].to(self.device)
        x_cat = batch["cat"].to(self.device)
        y = batch["target"].float().to(self.device)
        preds = self.model(x_num, x_cat)
        return self.criterion(preds, y), preds, y

    def train_epoch(self, loader, epoch):
        self.model.train()
        losses = []
        pbar = tqdm(loader, desc=f"epoch {epoch}", leave=False)
        for batch in pbar:
            loss, _, _ = self._step(batch)
            self.optimizer.zero_grad(set_to_none=True)
            loss.backward()
            self.optimizer.step()
            losses.append(loss.item())
            pbar.set_postfix(loss=np.mean(losses[-50:]))
        self.scheduler.step()
        return float(np.mean(losses))

    @torch.no_grad()
    def validate(self, loader):
        self.model.eval()
        all_preds, all_y, losses = [], [], []
        for batch in loader:
            loss, preds, y = self._step(batch)
            losses.append(loss.item())
            all_preds.append(preds.cpu().numpy())
            all_y.append(y.cpu().numpy())
        auc = roc_auc_score(np.concatenate(all_y), np.concatenate(all_preds))
        return float(np.mean(losses)), auc

    def fit(self, train_loader, valid_loader):
        for epoch in range(1, self.cfg["epochs"] + 1):
            train_loss = self.train_epoch(train_loader, epoch)
            val_loss, val_auc = self.validate(valid_loader)
            logger.info(
                "epoch %d train_loss %.4f val_loss %.4f val_auc %.4f",
                epoch, train_loss, val_loss, val_auc,
            )
            if val_auc > self.best_auc:
                self.best_auc = val_auc
                torch.save(self.model.state_dict(), self.cfg["checkpoint"])
        return self.best_auc
