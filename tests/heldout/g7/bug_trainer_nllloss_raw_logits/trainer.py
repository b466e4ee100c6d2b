import logging
import os

import torch
import torch.nn as nn
from tqdm import tqdm

logger = logging.getLogger(__name__)


class Trainer:
    def __init__(self, model, train_loader, val_loader, epochs=60, lr=0.05, device="cuda", ckpt_dir="ckpt"):
        self.model = model.to(device)
        self.train_loader = train_loader
        self.val_loader = val_loader
        self.epochs = epochs
        self.device = device
        self.ckpt_dir = ckpt_dir
        self.criterion = nn.NLLLoss()
        self.optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9, weight_decay=5e-4)
        self.scheduler = torch.optim.lr_scheduler.MultiStepLR(self.optimizer, milestones=[20, 40, 50], gamma=0.2)

    def train_epoch(self, epoch):
        self.model.train()
        running, seen = 0.0, 0
        for imgs, targets in tqdm(self.train_loader, desc=f"epoch {epoch}", leave=False):
            imgs, targets = imgs.to(self.device), targets.to(self.device)
            output = self.model(imgs)
            loss = self.criterion(output, targets)
            self.optimizer.zero_grad()
            loss.backward()
            self.optimizer.step()
            running += loss.item() * imgs.size(0)
            seen += imgs.size(0)
        self.scheduler.step()
        return running / seen

    @torch.no_grad()
    def validate(self):
        self.model.eval()
        top1 = n = 0
        for imgs, targets in self.val_loader:
            pred = self.model(imgs.to(self.device)).argmax(dim=1).cpu()
            top1 += (pred == targets).sum().item()
            n += targets.size(0)
        return top1 / n

    def run(self):
        os.makedirs(self.ckpt_dir, exist_ok=True)
        best = 0.0
        for epoch in range(self.epochs):
            loss = self.train_epoch(epoch)
            acc = self.validate()
            logger.info("epoch %d train_loss %.4f val_top1 %.4f", epoch, loss, acc)
            if acc > best:
                best = acc
                torch.save(self.model.state_dict(), os.path.join(self.ckpt_dir, "best.pth"))
        return best
