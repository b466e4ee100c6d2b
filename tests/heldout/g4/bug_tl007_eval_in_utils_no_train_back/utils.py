import logging
import random

import numpy as np
import torch
from sklearn.metrics import roc_auc_score, log_loss


def seed_everything(seed=42):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.cuda.manual_seed_all(seed)


def get_logger(path):
    logger = logging.getLogger("tabular")
    logger.setLevel(logging.INFO)
    if not logger.handlers:
        for h in (logging.StreamHandler(), logging.FileHandler(path)):
            h.setFormatter(logging.Formatter("%(asctime)s | %(message)s"))
            logger.addHandler(h)
    return logger


def evaluate(model, loader, device):
    model.eval()
    probs, labels = [], []
    with torch.no_grad():
        for x_cont, x_cat, y in loader:
            logits = model(x_cont.to(device), x_cat.to(device))
            probs.append(torch.sigmoid(logits).cpu().numpy())
            labels.append(y.numpy())
    probs = np.concatenate(probs)
    labels = np.concatenate(labels)
    return {
        "auc": roc_auc_score(labels, probs),
        "logloss": log_loss(labels, np.clip(probs, 1e-7, 1 - 1e-7)),
    }


class EarlyStopping:
    def __init__(self, patience=5, mode="max"):
        self.patience = patience
        self.mode = mode
        self.best = None
        self.counter = 0

    def step(self, value):
        improved = self.best is None or (value > self.best if self.mode == "max" else value < self.best)
        if improved:
            self.best = value
            self.counter = 0
        else:
            self.counter += 1
        return improved, self.counter >= self.patience
