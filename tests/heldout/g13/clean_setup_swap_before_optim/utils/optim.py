import math

import torch


def _layer_id(name, num_layers):
    if name.startswith(("cls_token", "pos_embed", "patch_embed")):
        return 0
    if name.startswith("blocks."):
        return int(name.split(".")[1]) + 1
    return num_layers + 1


def get_param_groups(model, weight_decay, layer_decay=0.75):
    num_layers = len(getattr(model, "blocks", []))
    groups = {}
    for name, p in model.named_parameters():
        if not p.requires_grad:
            continue
        no_wd = p.ndim == 1 or name.endswith(".bias") or name in ("cls_token", "pos_embed")
        lid = _layer_id(name, num_layers)
        key = (lid, no_wd)
        if key not in groups:
            groups[key] = {
                "params": [],
                "weight_decay": 0.0 if no_wd else weight_decay,
                "lr_scale": layer_decay ** (num_layers + 1 - lid),
            }
        groups[key]["params"].append(p)
    return list(groups.values())


def make_optimizer(args, param_groups):
    for g in param_groups:
        g["lr"] = args.lr * g.pop("lr_scale", 1.0)
    return torch.optim.AdamW(param_groups, lr=args.lr, betas=(0.9, 0.999), eps=1e-8)


def make_scheduler(optimizer, args, steps_per_epoch):
    warmup = args.warmup_epochs * steps_per_epoch
    total = args.epochs * steps_per_epoch

    def fn(step):
        if step < warmup:
            return step / max(1, warmup)
        t = (step - warmup) / max(1, total - warmup)
        return 0.5 * (1.0 + math.cos(math.pi * t))

    return torch.optim.lr_scheduler.LambdaLR(optimizer, fn)

