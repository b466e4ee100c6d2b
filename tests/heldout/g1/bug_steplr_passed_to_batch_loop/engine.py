import torch
import torch.nn.functional as F
from tqdm import tqdm


def dice_coeff(logits, target, eps=1e-6):
    probs = torch.sigmoid(logits)
    inter = (probs * target).sum(dim=(1, 2, 3))
    union = probs.sum(dim=(1, 2, 3)) + target.sum(dim=(1, 2, 3))
    return ((2 * inter + eps) / (union + eps)).mean()


def bce_dice_loss(logits, target, bce_weight=0.5):
    bce = F.binary_cross_entropy_with_logits(logits, target)
    return bce_weight * bce + (1 - bce_weight) * (1 - dice_coeff(logits, target))


def train_one_epoch(model, loader, optimizer, device, epoch, lr_scheduler=None, scaler=None, log=None):
    model.train()
    epoch_loss = 0.0
    with tqdm(total=len(loader), desc=f"Epoch {epoch}", unit="batch") as pbar:
        for images, masks in loader:
            images = images.to(device, dtype=torch.float32, memory_format=torch.channels_last)
            masks = masks.to(device, dtype=torch.float32)

            with torch.autocast(device.type, enabled=scaler is not None):
                pred = model(images)
                loss = bce_dice_loss(pred, masks)

            optimizer.zero_grad(set_to_none=True)
            if scaler is not None:
                scaler.scale(loss).backward()
                scaler.unscale_(optimizer)
                torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                scaler.step(optimizer)
                scaler.update()
            else:
                loss.backward()
                torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                optimizer.step()
            if lr_scheduler is not None:
                lr_scheduler.step()  # EXPECT: TL011

            epoch_loss += loss.item()
            pbar.update(1)
            pbar.set_postfix(loss=loss.item(), lr=optimizer.param_groups[0]["lr"])
            if log is not None:
                log({"train/loss": loss.item(), "lr": optimizer.param_groups[0]["lr"]})
    return epoch_loss / len(loader)


@torch.inference_mode()
def evaluate(model, loader, device):
    model.eval()
    dice = 0.0
    for images, masks in loader:
        images = images.to(device, dtype=torch.float32, memory_format=torch.channels_last)
        masks = masks.to(device, dtype=torch.float32)
        pred = (torch.sigmoid(model(images)) > 0.5).float()
        inter = (pred * masks).sum(dim=(1, 2, 3))
        denom = pred.sum(dim=(1, 2, 3)) + masks.sum(dim=(1, 2, 3))
        dice += ((2 * inter + 1e-6) / (denom + 1e-6)).mean().item()
    return dice / max(len(loader), 1)
