import copy
import logging

import numpy as np
import torch
from sklearn.metrics import accuracy_score, f1_score

logger = logging.getLogger(__name__)


class EarlyStopping:
    def __init__(self, patience=8, min_delta=1e-4):
        self.patience = patience
        self.min_delta = min_delta
        self.best = None
        self.counter = 0
        self.best_state = None

    def step(self, score, model):
        if self.best is None or score > self.best + self.min_delta:
            self.best = score
            self.counter = 0
            self.best_state = copy.deepcopy(model.state_dict())
            return False
        self.counter += 1
        return self.counter >= self.patience


@torch.no_grad()
def predict(model, loader, device):
    model.eval()
    ys, ps = [], []
    for xb, yb in loader:
        ps.append(model(xb.to(device)).argmax(-1).cpu().numpy())
        ys.append(yb.numpy())
    return np.concatenate(ys), np.concatenate(ps)


def fit(model, loss_fn, opt, train_loader, val_loader, epochs, device, scheduler=None, patience=8):
    model.to(device)
    stopper = EarlyStopping(patience=patience)
    for epoch in range(epochs):
        model.train()
        total, count = 0.0, 0
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            loss = loss_fn(model(xb), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(yb)
            count += len(yb)

        y_true, y_pred = predict(model, val_loader, device)
        acc = accuracy_score(y_true, y_pred)
        f1 = f1_score(y_true, y_pred, average="weighted")
        if scheduler is not None:
            scheduler.step(f1)
        logger.info("epoch %d loss %.4f val_acc %.4f val_f1 %.4f", epoch + 1, total / count, acc, f1)
        if stopper.step(f1, model):
            logger.info("early stop at epoch %d", epoch + 1)
            break

    if stopper.best_state is not None:
        model.load_state_dict(stopper.best_state)
    return model, stopper.best
