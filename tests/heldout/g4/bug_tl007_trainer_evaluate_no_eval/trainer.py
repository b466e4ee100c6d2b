import json
import os
import time

import torch
import torch.nn as nn
from tqdm import tqdm


class Trainer:
    def __init__(self, model, optimizer, scheduler, train_loader, test_loader, device, out_dir,
                 label_smoothing=0.1):
        self.model = model
        self.optimizer = optimizer
        self.scheduler = scheduler
        self.train_loader = train_loader
        self.test_loader = test_loader
        self.device = device
        self.out_dir = out_dir
        self.criterion = nn.CrossEntropyLoss(label_smoothing=label_smoothing)
        self.history = []
        os.makedirs(out_dir, exist_ok=True)

    def _train_one_epoch(self, epoch):
        self.model.train()
        loss_sum, correct, total = 0.0, 0, 0
        for inputs, targets in tqdm(self.train_loader, desc=f"Epoch {epoch}", ncols=100):
            inputs, targets = inputs.to(self.device), targets.to(self.device)
            self.optimizer.zero_grad()
            outputs = self.model(inputs)
            loss = self.criterion(outputs, targets)
            loss.backward()
            self.optimizer.step()
            loss_sum += loss.item() * targets.size(0)
            correct += outputs.argmax(1).eq(targets).sum().item()
            total += targets.size(0)
        return loss_sum / total, 100.0 * correct / total

    @torch.no_grad()
    def evaluate(self):
        loss_sum, correct, total = 0.0, 0, 0
        for inputs, targets in self.test_loader:
            inputs, targets = inputs.to(self.device), targets.to(self.device)
            outputs = self.model(inputs)  # EXPECT: TL007  # <- TL007
            loss_sum += self.criterion(outputs, targets).item() * targets.size(0)
            correct += outputs.argmax(1).eq(targets).sum().item()
            total += targets.size(0)
        return loss_sum / total, 100.0 * correct / total

    def fit(self, epochs):
        best_acc = 0.0
        for epoch in range(epochs):
            t0 = time.time()
            tr_loss, tr_acc = self._train_one_epoch(epoch)
            te_loss, te_acc = self.evaluate()
            self.scheduler.step()
            rec = {"epoch": epoch, "train_loss": tr_loss, "train_acc": tr_acc,
                   "test_loss": te_loss, "test_acc": te_acc, "secs": round(time.time() - t0, 1)}
            self.history.append(rec)
            print(json.dumps(rec))
            if te_acc > best_acc:
                best_acc = te_acc
                torch.save({"net": self.model.state_dict(), "acc": te_acc, "epoch": epoch},
                           os.path.join(self.out_dir, "ckpt.pth"))
        with open(os.path.join(self.out_dir, "history.json"), "w") as f:
            json.dump(self.history, f, indent=2)
        return best_acc
