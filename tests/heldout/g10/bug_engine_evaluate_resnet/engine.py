import math

import torch
import torch.nn.functional as F
from tqdm import tqdm


class Engine:
    """Minimal train/eval engine with mixed precision."""

    def __init__(self, net, optimizer, lr_scheduler=None, device="cuda", use_amp=True,
                 label_smoothing=0.1):
        self.net = net
        self.optimizer = optimizer
        self.lr_scheduler = lr_scheduler
        self.device = torch.device(device)
        self.use_amp = use_amp and self.device.type == "cuda"
        self.scaler = torch.cuda.amp.GradScaler(enabled=self.use_amp)
        self.label_smoothing = label_smoothing

    def train_epoch(self, loader, epoch):
        self.net.train()
        running, seen = 0.0, 0
        pbar = tqdm(loader, desc=f"train {epoch}", leave=False)
        for images, labels in pbar:
            images = images.to(self.device, non_blocking=True)
            labels = labels.to(self.device, non_blocking=True)
            self.optimizer.zero_grad(set_to_none=True)
            with torch.autocast(device_type=self.device.type, enabled=self.use_amp):
                outputs = self.net(images)
                loss = F.cross_entropy(outputs, labels, label_smoothing=self.label_smoothing)
            self.scaler.scale(loss).backward()
            self.scaler.step(self.optimizer)
            self.scaler.update()
            if self.lr_scheduler is not None:
                self.lr_scheduler.step()
            running += loss.item() * images.size(0)
            seen += images.size(0)
            pbar.set_postfix(loss=f"{running / seen:.4f}")
        return running / max(seen, 1)

    def evaluate(self, loader):
        total_loss, top1, top5, n = 0.0, 0, 0, 0
        with torch.no_grad(), torch.autocast(device_type=self.device.type, enabled=self.use_amp):
            for images, labels in tqdm(loader, desc="eval", leave=False):
                images = images.to(self.device, non_blocking=True)
                labels = labels.to(self.device, non_blocking=True)
                outputs = self.net(images)  # EXPECT: TL007  # <- TL007
                total_loss += F.cross_entropy(outputs, labels, reduction="sum").item()
                _, pred = outputs.topk(5, dim=1)
                hits = pred.eq(labels.view(-1, 1))
                top1 += hits[:, :1].sum().item()
                top5 += hits.sum().item()
                n += labels.size(0)
        return {
            "loss": total_loss / n,
            "top1": 100.0 * top1 / n,
            "top5": 100.0 * top5 / n,
        }


def cosine_with_warmup(optimizer, warmup_steps, total_steps):
    def lr_lambda(step):
        if step < warmup_steps:
            return (step + 1) / warmup_steps
        progress = (step - warmup_steps) / max(1, total_steps - warmup_steps)
        return 0.5 * (1.0 + math.cos(math.pi * progress))

    return torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda)
