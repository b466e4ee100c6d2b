import logging
import time

import torch
import torch.nn.functional as F

from optim_utils import optimizer_step

logger = logging.getLogger(__name__)


class Trainer:
    def __init__(self, model, optimizer, scheduler, device, accum_steps=1, clip_grad=1.0,
                 use_amp=True, log_interval=20):
        self.model = model
        self.optimizer = optimizer
        self.scheduler = scheduler
        self.device = device
        self.accum_steps = accum_steps
        self.clip_grad = clip_grad
        self.use_amp = use_amp
        self.log_interval = log_interval
        self.scaler = torch.cuda.amp.GradScaler(enabled=use_amp)
        self.global_step = 0

    def _forward(self, images, targets):
        with torch.autocast(device_type="cuda", dtype=torch.float16, enabled=self.use_amp):
            logits = self.model(images)
            loss = F.cross_entropy(logits, targets, label_smoothing=0.1)
        return loss

    def _update(self, loss, do_step):
        self.scaler.scale(loss / self.accum_steps).backward()
        if not do_step:
            return None
        grad_norm = optimizer_step(self.optimizer, self.scaler, self.model.parameters(), self.clip_grad)
        self.scheduler.step()
        self.global_step += 1
        return grad_norm

    def train_epoch(self, loader, epoch):
        self.model.train()
        self.optimizer.zero_grad(set_to_none=True)
        n_batches = len(loader)
        t0 = time.time()
        loss_sum = 0.0
        for i, (images, targets) in enumerate(loader):
            images = images.to(self.device, non_blocking=True)
            targets = targets.to(self.device, non_blocking=True)

            loss = self._forward(images, targets)
            do_step = (i + 1) % self.accum_steps == 0 or (i + 1) == n_batches
            grad_norm = self._update(loss, do_step)
            if do_step:
                self.optimizer.zero_grad(set_to_none=True)

            loss_sum += loss.item()
            if do_step and self.global_step % self.log_interval == 0:
                logger.info("ep %d it %d/%d loss %.4f gnorm %.3f lr %.2e (%.1fs)", epoch, i + 1, n_batches,
                            loss_sum / (i + 1), float(grad_norm) if grad_norm is not None else 0.0,
                            self.optimizer.param_groups[0]["lr"], time.time() - t0)
        return loss_sum / n_batches

    @torch.inference_mode()
    def evaluate(self, loader):
        self.model.eval()
        correct = total = 0
        for images, targets in loader:
            images, targets = images.to(self.device), targets.to(self.device)
            with torch.autocast(device_type="cuda", dtype=torch.float16, enabled=self.use_amp):
                preds = self.model(images).argmax(dim=-1)
            correct += (preds == targets).sum().item()
            total += targets.numel()
        return correct / max(total, 1)
