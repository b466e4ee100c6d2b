import torch
import torch.nn.functional as F
from tqdm import tqdm

from utils import AverageMeter, RunningAverage, lr_at, psnr


def train_epoch(model, loader, optimizer, device, epoch, state, base_lr, total_steps):
    model.train()
    meter = AverageMeter()
    smooth = RunningAverage()
    step_losses = []
    pbar = tqdm(loader, desc=f"[train] epoch {epoch}", dynamic_ncols=True)
    for lr_img, hr_img in pbar:
        lr_img, hr_img = lr_img.to(device), hr_img.to(device)
        for g in optimizer.param_groups:
            g["lr"] = lr_at(state["step"], base_lr, total_steps)

        optimizer.zero_grad(set_to_none=True)
        sr = model(lr_img)
        loss = F.l1_loss(sr, hr_img)
        loss.backward()
        optimizer.step()
        state["step"] += 1

        step_losses.append(loss.detach())
        meter.update(loss.item(), lr_img.size(0))
        pbar.set_postfix(l1=f"{smooth.update(loss.item()):.4f}")

    per_step = torch.stack(step_losses)
    return {"l1": meter.avg, "l1_std": per_step.std().item()}


@torch.no_grad()
def validate(model, loader, device):
    model.eval()
    l1_meter, psnr_meter = AverageMeter(), AverageMeter()
    for lr_img, hr_img in loader:
        lr_img, hr_img = lr_img.to(device), hr_img.to(device)
        sr = model(lr_img)
        l1_meter.update(F.l1_loss(sr, hr_img).item(), lr_img.size(0))
        psnr_meter.update(psnr(sr, hr_img), lr_img.size(0))
    return {"l1": l1_meter.avg, "psnr": psnr_meter.avg}
