import torch


def decay_groups(module, weight_decay, skip=("bias", "norm")):
    with_decay, without_decay = [], []
    for name, param in module.named_parameters():
        if param.ndim <= 1 or any(s in name for s in skip):
            without_decay.append(param)
        else:
            with_decay.append(param)
    return [
        {"params": with_decay, "weight_decay": weight_decay},
        {"params": without_decay, "weight_decay": 0.0},
    ]


def make_optimizer(name, groups, lr):
    if name == "sgd":
        return torch.optim.SGD(groups, lr=lr, momentum=0.9)
    return torch.optim.AdamW(groups, lr=lr)


def adam_for(module, lr):
    return torch.optim.Adam(module.parameters(), lr=lr)
