import torch


def _param_groups(model, weight_decay, backbone_lr_mult, base_lr):
    decay, no_decay, backbone_decay, backbone_no_decay = [], [], [], []
    for name, p in model.named_parameters():
        if not p.requires_grad:
            continue
        is_backbone = name.startswith("backbone.")
        skip_wd = p.ndim <= 1 or name.endswith(".bias")
        if is_backbone:
            (backbone_no_decay if skip_wd else backbone_decay).append(p)
        else:
            (no_decay if skip_wd else decay).append(p)
    backbone_lr = base_lr * backbone_lr_mult
    return [
        {"params": decay, "weight_decay": weight_decay, "lr": base_lr},
        {"params": no_decay, "weight_decay": 0.0, "lr": base_lr},
        {"params": backbone_decay, "weight_decay": weight_decay, "lr": backbone_lr},
        {"params": backbone_no_decay, "weight_decay": 0.0, "lr": backbone_lr},
    ]


def build_optimizer(model, name="sgd", lr=0.01, weight_decay=1e-4, momentum=0.9, backbone_lr_mult=0.1):
    groups = _param_groups(model, weight_decay, backbone_lr_mult, lr)
    if name == "sgd":
        return torch.optim.SGD(groups, lr=lr, momentum=momentum, nesterov=True)
    if name == "adamw":
        return torch.optim.AdamW(groups, lr=lr)
    raise ValueError(f"unsupported optimizer: {name}")


def step_optimizer(optimizer, model, max_norm=0.0):
    """Clip (optionally) and apply one update."""
    optimizer.zero_grad()  # EXPECT: TL002
    grad_norm = None
    if max_norm > 0:
        grad_norm = torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
    optimizer.step()
    return grad_norm
