import torch
import torch.nn.functional as F
from tqdm.auto import tqdm

from .utils import eval_mode


class Engine:
    def __init__(self, backbone, optimizer, device, scheduler=None, amp=True):
        self.backbone = backbone.to(device)
        self.optimizer = optimizer
        self.scheduler = scheduler
        self.device = device
        self.scaler = torch.cuda.amp.GradScaler(enabled=amp)
        self.amp = amp

    def train_epoch(self, loader):
        self.backbone.train()
        total, count = 0.0, 0
        for img, age in tqdm(loader, leave=False):
            img, age = img.to(self.device), age.float().to(self.device)
            with torch.cuda.amp.autocast(enabled=self.amp):
                pred = self.backbone(img)
                loss = F.smooth_l1_loss(pred, age)
            self.optimizer.zero_grad()
            self.scaler.scale(loss).backward()
            self.scaler.step(self.optimizer)
            self.scaler.update()
            total += loss.item() * img.size(0)
            count += img.size(0)
        if self.scheduler is not None:
            self.scheduler.step()
        return total / count

    def test(self, loader):
        abs_err, count = 0.0, 0
        with eval_mode(self.backbone), torch.no_grad():
            for img, age in loader:
                img, age = img.to(self.device), age.float().to(self.device)
                pred = self.backbone(img)
                abs_err += (pred - age).abs().sum().item()
                count += img.size(0)
        return abs_err / count
