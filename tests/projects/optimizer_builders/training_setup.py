import torch

from optim_utils import adam_for, decay_groups, make_optimizer


def setup_from_checkpoint(cfg, build):
    model = build(cfg)
    groups = decay_groups(model, cfg["wd"])
    optimizer = make_optimizer(cfg["opt"], groups, cfg["lr"])
    if cfg.get("init_from"):
        model = torch.load(cfg["init_from"], weights_only=False)  # <- TL001
    return model.to(cfg["device"]), optimizer


def setup_with_weights(cfg, build):
    model = build(cfg)
    optimizer = make_optimizer(cfg["opt"], decay_groups(model, cfg["wd"]), cfg["lr"])
    if cfg.get("init_from"):
        model.load_state_dict(torch.load(cfg["init_from"]))
    return model.to(cfg["device"]), optimizer


def setup_swapped_first(cfg, build):
    model = build(cfg)
    if cfg.get("init_from"):
        model = torch.load(cfg["init_from"], weights_only=False)
    optimizer = adam_for(model, cfg["lr"])
    return model, optimizer


def setup_other_model(cfg, build, build_teacher):
    student = build(cfg)
    optimizer = adam_for(student, cfg["lr"])
    teacher = torch.load(cfg["teacher"], weights_only=False)
    return student, teacher, optimizer
