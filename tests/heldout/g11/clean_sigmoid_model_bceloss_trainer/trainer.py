import logging
import time

import numpy as np
import torch
import torch.nn as nn
from sklearn.metrics import roc_auc_score
from tqdm import tqdm

logger = logging.getLogger(__name__)


class MultiLabelTrainer:
    def __init__(self, model, optimizer, device, class_names, scheduler=None):
        self.device = device
        self.model = model.to(device)
        self.optimizer = optimizer
        self.scheduler = scheduler
        self.class_names = class_names
        self.loss = nn.BCELoss()

    def train_epoch(self, loader):
        self.model.train()
        losses = []
        for images, labels in tqdm(loader, desc="train", ncols=100):
            images = images.to(self.device, non_blocking=True)
            labels = labels.float().to(self.device, non_blocking=True)
            preds = self.model(images)
            loss = self.loss(preds, labels)
            self.optimizer.zero_grad()
            loss.backward()
            self.optimizer.step()
            losses.append(loss.item())
        return float(np.mean(losses))

    @torch.no_grad()
    def validate(self, loader):
        self.model.eval()
        gt, pred, losses = [], [], []
        for images, labels in tqdm(loader, desc="valid", ncols=100, leave=False):
            images, labels = images.to(self.device), labels.float().to(self.device)
            # ten-crop: (B, ncrops, C, H, W)
            bs, ncrops, c, h, w = images.size()
            out = self.model(images.view(-1, c, h, w)).view(bs, ncrops, -1).mean(1)
            losses.append(self.loss(out, labels).item())
            gt.append(labels.cpu().numpy())
            pred.append(out.cpu().numpy())
        gt, pred = np.concatenate(gt), np.concatenate(pred)
        aurocs = []
        for i in range(gt.shape[1]):
            try:
                aurocs.append(roc_auc_score(gt[:, i], pred[:, i]))
            except ValueError:
                aurocs.append(float("nan"))
        return float(np.mean(losses)), aurocs

    def fit(self, train_loader, val_loader, epochs, save_path):
        best_loss = float("inf")
        for epoch in range(epochs):
            start = time.time()
            train_loss = self.train_epoch(train_loader)
            val_loss, aurocs = self.validate(val_loader)
            if self.scheduler is not None:
                self.scheduler.step(val_loss)
            logger.info("epoch %d  train %.4f  val %.4f  mean AUROC %.4f  (%.0fs)",
                        epoch + 1, train_loss, val_loss, np.nanmean(aurocs), time.time() - start)
            for name, auc in zip(self.class_names, aurocs):
                logger.debug("  %-20s %.4f", name, auc)
            if val_loss < best_loss:
                best_loss = val_loss
                torch.save({"state_dict": self.model.state_dict(), "epoch": epoch, "aurocs": aurocs}, save_path)
        return best_loss
