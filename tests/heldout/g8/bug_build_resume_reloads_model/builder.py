import logging
import os

import torch

from models import TextCNN, count_parameters

logger = logging.getLogger(__name__)


def build_model(cfg):
    return TextCNN(
        vocab_size=cfg["vocab_size"],
        embed_dim=cfg["embed_dim"],
        num_filters=cfg["num_filters"],
        kernel_sizes=tuple(cfg["kernel_sizes"]),
        num_classes=cfg["num_classes"],
        dropout=cfg["dropout"],
    )


def build_optimizer(cfg, model):
    decay, no_decay = [], []
    for name, p in model.named_parameters():
        if not p.requires_grad:
            continue
        if p.ndim == 1 or name.endswith(".bias"):
            no_decay.append(p)
        else:
            decay.append(p)
    groups = [
        {"params": decay, "weight_decay": cfg["weight_decay"]},
        {"params": no_decay, "weight_decay": 0.0},
    ]
    return torch.optim.AdamW(groups, lr=cfg["lr"], betas=(0.9, 0.999))


def load_checkpoint(cfg, path, device):
    ckpt = torch.load(path, map_location=device)
    model = build_model(cfg)
    missing, unexpected = model.load_state_dict(ckpt["model"], strict=False)
    if missing or unexpected:
        logger.warning("missing keys: %s, unexpected keys: %s", missing, unexpected)
    return model, ckpt


def build(cfg, device):
    """Create model + optimizer, optionally resuming from cfg['resume']."""
    model = build_model(cfg).to(device)
    optimizer = build_optimizer(cfg, model)  # EXPECT: TL001
    start_epoch = 0
    best_acc = 0.0

    resume = cfg.get("resume")
    if resume and os.path.isfile(resume):
        logger.info("resuming from %s", resume)
        model, ckpt = load_checkpoint(cfg, resume, device)  # <- TL001
        model = model.to(device)
        if "optimizer" in ckpt:
            optimizer.load_state_dict(ckpt["optimizer"])
        start_epoch = ckpt.get("epoch", -1) + 1
        best_acc = ckpt.get("best_acc", 0.0)
    elif resume:
        logger.warning("no checkpoint found at %s, training from scratch", resume)

    logger.info("model has %.2fM trainable params", count_parameters(model) / 1e6)
    return model, optimizer, start_epoch, best_acc


def save_checkpoint(path, model, optimizer, epoch, best_acc):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    torch.save(
        {
            "model": model.state_dict(),
            "optimizer": optimizer.state_dict(),
            "epoch": epoch,
            "best_acc": best_acc,
        },
        path,
    )
