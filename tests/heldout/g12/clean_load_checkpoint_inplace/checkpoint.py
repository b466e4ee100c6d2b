import logging
import os

import torch

logger = logging.getLogger(__name__)


def save_checkpoint(path, model, optimizer, scheduler, epoch, best_loss):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    torch.save(
        {
            "epoch": epoch,
            "model": model.state_dict(),
            "optimizer": optimizer.state_dict(),
            "scheduler": scheduler.state_dict() if scheduler is not None else None,
            "best_loss": best_loss,
        },
        path,
    )


def load_checkpoint(path, model, optimizer, scheduler=None, device="cpu"):
    """Restores training state in place. Returns (model, optimizer, start_epoch, best_loss)."""
    if not os.path.isfile(path):
        logger.warning("no checkpoint found at %s, starting from scratch", path)
        return model, optimizer, 0, float("inf")

    ckpt = torch.load(path, map_location="cpu")
    missing, unexpected = model.load_state_dict(ckpt["model"], strict=False)
    if missing or unexpected:
        logger.warning("missing keys: %s / unexpected keys: %s", missing, unexpected)
    model = model.to(device)

    optimizer.load_state_dict(ckpt["optimizer"])
    for state in optimizer.state.values():
        for k, v in state.items():
            if torch.is_tensor(v):
                state[k] = v.to(device)

    if scheduler is not None and ckpt.get("scheduler") is not None:
        scheduler.load_state_dict(ckpt["scheduler"])

    start_epoch = ckpt["epoch"] + 1
    logger.info("resumed from %s (epoch %d)", path, ckpt["epoch"])
    return model, optimizer, start_epoch, ckpt.get("best_loss", float("inf"))
