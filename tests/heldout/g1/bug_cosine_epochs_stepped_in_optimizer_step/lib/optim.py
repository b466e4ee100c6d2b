import torch


def exclude_from_wd(named_params, weight_decay):
    decay, no_decay = [], []
    for n, p in named_params:
        if not p.requires_grad:
            continue
        if p.ndim == 1 or "bn" in n or n.endswith(".bias"):
            no_decay.append(p)
        else:
            decay.append(p)
    return [{"params": decay, "weight_decay": weight_decay},
            {"params": no_decay, "weight_decay": 0.0}]


def build_optimizer(cfg, model):
    groups = exclude_from_wd(model.named_parameters(), cfg["weight_decay"])
    lr = cfg["base_lr"] * cfg["batch_size"] / 256
    if cfg["optimizer"] == "sgd":
        return torch.optim.SGD(groups, lr=lr, momentum=0.9)
    if cfg["optimizer"] == "adamw":
        return torch.optim.AdamW(groups, lr=lr)
    raise ValueError(cfg["optimizer"])


def build_scheduler(cfg, optimizer):
    return torch.optim.lr_scheduler.CosineAnnealingLR(
        optimizer, T_max=cfg["epochs"], eta_min=cfg.get("min_lr", 0.0)
    )
