import logging

import torch

from modeling import create_model
from qat import prepare_for_qat

log = logging.getLogger(__name__)


def make_optimizer(cfg, model):
    params = [p for p in model.parameters() if p.requires_grad]
    if cfg.name == "sgd":
        return torch.optim.SGD(params, lr=cfg.lr, momentum=0.9, weight_decay=cfg.weight_decay)
    return torch.optim.Adam(params, lr=cfg.lr, weight_decay=cfg.weight_decay)


def make_scheduler(cfg, optimizer, epochs):
    return torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs, eta_min=cfg.lr * 0.01)


def prepare(cfg):
    model = create_model(cfg.model)
    if cfg.model.float_ckpt:
        state = torch.load(cfg.model.float_ckpt, map_location="cpu")
        model.load_state_dict(state["model"] if "model" in state else state)
        log.info("loaded float weights from %s", cfg.model.float_ckpt)

    optimizer = make_optimizer(cfg.optim, model)
    scheduler = make_scheduler(cfg.optim, optimizer, cfg.epochs)

    if cfg.qat.enabled:
        model = prepare_for_qat(model, backend=cfg.qat.backend)  # EXPECT: TL001  # <- TL001
        log.info("model prepared for QAT (%s)", cfg.qat.backend)

    return model, optimizer, scheduler
