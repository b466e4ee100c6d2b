"""Builds model / optimizer / scheduler from the experiment config."""
import logging
import math
import os

import torch

from model import ResNetClassifier

logger = logging.getLogger(__name__)


def build_model(cfg):
    return ResNetClassifier(
        num_classes=cfg["num_classes"],
        width=cfg.get("width", 64),
        dropout=cfg.get("dropout", 0.0),
    )


def param_groups(model, weight_decay):
    """No weight decay on BN params and biases."""
    decay, no_decay = [], []
    for name, p in model.named_parameters():
        if not p.requires_grad:
            continue
        if p.ndim <= 1 or name.endswith(".bias"):
            no_decay.append(p)
        else:
            decay.append(p)
    return [
        {"params": decay, "weight_decay": weight_decay},
        {"params": no_decay, "weight_decay": 0.0},
    ]


def build_optimizer(cfg, model):
    ocfg = cfg["optim"]
    name = ocfg["name"].lower()
    groups = param_groups(model, ocfg.get("weight_decay", 0.0))
    if name == "sgd":
        return torch.optim.SGD(groups, lr=ocfg["lr"], momentum=ocfg.get("momentum", 0.9), nesterov=True)
    if name == "adamw":
        return torch.optim.AdamW(groups, lr=ocfg["lr"], betas=tuple(ocfg.get("betas", (0.9, 0.999))))
    raise ValueError(f"unknown optimizer: {name}")


def build_scheduler(cfg, optimizer, steps_per_epoch):
    total = cfg["epochs"] * steps_per_epoch
    warmup = cfg.get("warmup_epochs", 0) * steps_per_epoch

    def lr_lambda(step):
        if step < warmup:
            return (step + 1) / max(1, warmup)
        progress = (step - warmup) / max(1, total - warmup)
        return 0.5 * (1.0 + math.cos(math.pi * progress))

    return torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda)


def setup(cfg, device, steps_per_epoch):
    model = build_model(cfg)
    optimizer = build_optimizer(cfg, model)
    scheduler = build_scheduler(cfg, optimizer, steps_per_epoch)

    init_from = cfg.get("init_from")
    if init_from:
        if not os.path.isfile(init_from):
            raise FileNotFoundError(init_from)
        logger.info("Initialising weights from %s", init_from)
        model = torch.load(init_from, map_location="cpu", weights_only=False)  # EXPECT: TL001  # <- TL001

    model = model.to(device)
    n_params = sum(p.numel() for p in model.parameters()) / 1e6
    logger.info("model: %.2fM params", n_params)
    return model, optimizer, scheduler
