import logging

import torch
import torch.nn as nn
from sklearn.metrics import f1_score

logger = logging.getLogger(__name__)


class BeatClassifier(nn.Module):
    def __init__(self, n_in, n_classes, hidden=256):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Linear(n_in, hidden), nn.ReLU(), nn.Dropout(0.25),
            nn.Linear(hidden, hidden), nn.ReLU(), nn.Dropout(0.25),
        )
        self.classifier = nn.Linear(hidden, n_classes)

    def forward(self, x):
        return self.classifier(self.encoder(x))


class Engine:
    def __init__(self, model, optimizer, criterion, device, scheduler=None):
        self.model = model
        self.optimizer = optimizer
        self.criterion = criterion
        self.device = device
        self.scheduler = scheduler

    def train_one_epoch(self, loader):
        self.model.train()
        running = 0.0
        for step, (x, y) in enumerate(loader):
            x, y = x.to(self.device, non_blocking=True), y.to(self.device, non_blocking=True)
            out = self.model(x)
            loss = self.criterion(out, y)
            self.optimizer.zero_grad()
            loss.backward()
            self.optimizer.step()
            running += loss.item()
            if step % 200 == 0:
                logger.info("step %d loss %.4f", step, loss.item())
        if self.scheduler is not None:
            self.scheduler.step()
        return running / max(len(loader), 1)

    @torch.no_grad()
    def evaluate(self, loader):
        self.model.eval()
        preds, gts = [], []
        for x, y in loader:
            preds.append(self.model(x.to(self.device)).argmax(dim=1).cpu())
            gts.append(y)
        preds, gts = torch.cat(preds).numpy(), torch.cat(gts).numpy()
        return {
            "acc": float((preds == gts).mean()),
            "macro_f1": float(f1_score(gts, preds, average="macro")),
        }
