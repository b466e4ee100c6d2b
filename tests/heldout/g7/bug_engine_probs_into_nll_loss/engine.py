import torch
import torch.nn.functional as F


class AverageMeter:
    def __init__(self):
        self.sum = 0.0
        self.count = 0

    def update(self, val, n=1):
        self.sum += val * n
        self.count += n

    @property
    def avg(self):
        return self.sum / max(self.count, 1)


def train_one_epoch(model, loader, optimizer, scaler, device, accum_steps=4, label_weights=None):
    model.train()
    loss_meter, acc_meter = AverageMeter(), AverageMeter()
    optimizer.zero_grad(set_to_none=True)
    for i, (spec, target) in enumerate(loader):
        spec, target = spec.to(device, non_blocking=True), target.to(device, non_blocking=True)
        with torch.autocast(device_type="cuda", dtype=torch.float16):
            logits = model(spec)
        probs = torch.softmax(logits.float(), dim=-1)  # EXPECT: TL008
        loss = F.nll_loss(probs, target, weight=label_weights)  # <- TL008
        scaler.scale(loss / accum_steps).backward()
        if (i + 1) % accum_steps == 0 or (i + 1) == len(loader):
            scaler.unscale_(optimizer)
            torch.nn.utils.clip_grad_norm_(model.parameters(), 2.0)
            scaler.step(optimizer)
            scaler.update()
            optimizer.zero_grad(set_to_none=True)
        loss_meter.update(loss.item(), target.size(0))
        acc_meter.update((probs.argmax(-1) == target).float().mean().item(), target.size(0))
    return loss_meter.avg, acc_meter.avg


@torch.no_grad()
def validate(model, loader, device):
    model.eval()
    acc_meter = AverageMeter()
    for spec, target in loader:
        spec, target = spec.to(device), target.to(device)
        logits = model(spec)
        acc_meter.update((logits.argmax(-1) == target).float().mean().item(), target.size(0))
    return acc_meter.avg
