import copy
import logging

import torch
from tqdm import tqdm

logger = logging.getLogger(__name__)


class Trainer:
    def __init__(self, model, criterion, optimizer, device, scheduler=None, patience=3):
        self.model = model.to(device)
        self.criterion = criterion
        self.optimizer = optimizer
        self.scheduler = scheduler
        self.device = device
        self.patience = patience
        self.history = {"train_loss": [], "val_loss": [], "val_acc": []}

    def train_one_epoch(self, loader):
        self.model.train()
        epoch_loss = 0.0
        for tokens, labels in tqdm(loader, leave=False):
            tokens, labels = tokens.to(self.device), labels.to(self.device)
            self.optimizer.zero_grad()
            logits = self.model(tokens)
            loss = self.criterion(logits, labels)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(self.model.parameters(), 3.0)
            self.optimizer.step()
            epoch_loss += loss.item()
        return epoch_loss / len(loader)

    @torch.no_grad()
    def evaluate(self, loader):
        self.model.eval()
        loss_sum, correct, total = 0.0, 0, 0
        for tokens, labels in loader:
            tokens, labels = tokens.to(self.device), labels.to(self.device)
            logits = self.model(tokens)
            loss_sum += self.criterion(logits, labels).item() * labels.size(0)
            correct += (logits.argmax(-1) == labels).sum().item()
            total += labels.size(0)
        return loss_sum / total, correct / total

    def fit(self, train_loader, val_loader, epochs):
        best_acc, best_state, bad_epochs = 0.0, None, 0
        for epoch in range(epochs):
            tr_loss = self.train_one_epoch(train_loader)
            va_loss, va_acc = self.evaluate(val_loader)
            if self.scheduler is not None:
                self.scheduler.step(va_loss)
            self.history["train_loss"].append(tr_loss)
            self.history["val_loss"].append(va_loss)
            self.history["val_acc"].append(va_acc)
            logger.info("epoch %d: train %.4f | val %.4f acc %.4f", epoch, tr_loss, va_loss, va_acc)
            if va_acc > best_acc:
                best_acc, best_state, bad_epochs = va_acc, copy.deepcopy(self.model.state_dict()), 0
            else:
                bad_epochs += 1
                if bad_epochs >= self.patience:
                    logger.info("early stopping at epoch %d", epoch)
                    break
        if best_state is not None:
            self.model.load_state_dict(best_state)
        return best_acc
