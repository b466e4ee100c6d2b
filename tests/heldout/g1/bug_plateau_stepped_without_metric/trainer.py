import logging
import os

import torch
import torch.nn.functional as F

log = logging.getLogger("kws")


class AudioTrainer:
    def __init__(self, model, optimizer, scheduler, transform, device, ckpt_dir="ckpt", patience=10):
        self.model = model
        self.optimizer = optimizer
        self.scheduler = scheduler
        self.transform = transform
        self.device = device
        self.ckpt_dir = ckpt_dir
        self.patience = patience

    def train_epoch(self, loader, epoch):
        self.model.train()
        total_loss, total, correct = 0.0, 0, 0
        for batch_idx, (waveform, target) in enumerate(loader):
            waveform = self.transform(waveform.to(self.device))
            target = target.to(self.device)

            output = self.model(waveform)
            loss = F.nll_loss(output.squeeze(1), target)

            self.optimizer.zero_grad()
            loss.backward()
            self.optimizer.step()

            total_loss += loss.item() * target.size(0)
            correct += (output.squeeze(1).argmax(-1) == target).sum().item()
            total += target.size(0)
            if batch_idx % 100 == 0:
                log.info("epoch %d [%d/%d] loss %.4f", epoch, batch_idx, len(loader), loss.item())
        return total_loss / total, correct / total

    @torch.no_grad()
    def validate(self, loader):
        self.model.eval()
        total_loss, total, correct = 0.0, 0, 0
        for waveform, target in loader:
            waveform = self.transform(waveform.to(self.device))
            target = target.to(self.device)
            output = self.model(waveform).squeeze(1)
            total_loss += F.nll_loss(output, target, reduction="sum").item()
            correct += (output.argmax(-1) == target).sum().item()
            total += target.size(0)
        return total_loss / total, correct / total

    def fit(self, train_loader, val_loader, epochs):
        os.makedirs(self.ckpt_dir, exist_ok=True)
        best_loss, bad_epochs = float("inf"), 0
        for epoch in range(1, epochs + 1):
            tr_loss, tr_acc = self.train_epoch(train_loader, epoch)
            val_loss, val_acc = self.validate(val_loader)
            self.scheduler.step()  # EXPECT: TL011
            log.info("epoch %d | train %.4f / %.3f | val %.4f / %.3f | lr %.2e", epoch, tr_loss, tr_acc,
                     val_loss, val_acc, self.optimizer.param_groups[0]["lr"])
            if val_loss < best_loss:
                best_loss, bad_epochs = val_loss, 0
                torch.save(self.model.state_dict(), os.path.join(self.ckpt_dir, "m5_best.pt"))
            else:
                bad_epochs += 1
                if bad_epochs >= self.patience:
                    log.info("early stopping at epoch %d", epoch)
                    break
        return best_loss
