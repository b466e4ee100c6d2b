import logging
import os

import torch
import torch.nn as nn

from .metrics import token_accuracy_and_f1

log = logging.getLogger(__name__)


class TaggerTrainer:
    def __init__(self, model, train_loader, dev_loader, lr=0.015, epochs=50, clip=5.0,
                 device="cpu", save_dir="checkpoints"):
        self.model = model.to(device)
        self.train_loader, self.dev_loader = train_loader, dev_loader
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=lr, momentum=0.9)
        self.scheduler = torch.optim.lr_scheduler.LambdaLR(self.optimizer,
                                                           lambda e: 1.0 / (1.0 + 0.05 * e))
        self.loss_fn = nn.CrossEntropyLoss(ignore_index=0)
        self.epochs, self.clip, self.device, self.save_dir = epochs, clip, device, save_dir

    def _train_epoch(self):
        self.model.train()
        total, steps = 0.0, 0
        for words, chars, tags, lengths in self.train_loader:
            words, chars, tags = words.to(self.device), chars.to(self.device), tags.to(self.device)
            self.optimizer.zero_grad()
            logits = self.model(words, chars, lengths)
            loss = self.loss_fn(logits.flatten(0, 1), tags.flatten())
            loss.backward()
            nn.utils.clip_grad_norm_(self.model.parameters(), self.clip)
            self.optimizer.step()
            total += loss.item()
            steps += 1
        return total / max(steps, 1)

    def evaluate(self, loader):
        self.model.eval()
        metrics = token_accuracy_and_f1(self.model, loader, self.device)
        self.model.train()
        return metrics

    def train(self):
        os.makedirs(self.save_dir, exist_ok=True)
        best_f1 = -1.0
        for epoch in range(1, self.epochs + 1):
            loss = self._train_epoch()
            self.scheduler.step()
            dev = self.evaluate(self.dev_loader)
            log.info("epoch %d loss %.4f dev acc %.4f f1 %.4f", epoch, loss, dev["acc"], dev["f1"])
            if dev["f1"] > best_f1:
                best_f1 = dev["f1"]
                torch.save(self.model.state_dict(), os.path.join(self.save_dir, "tagger.pt"))
        return best_f1
