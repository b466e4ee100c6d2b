"""Builds everything the training script needs from a config dict."""
import logging

import torch

from model import CharLSTM

logger = logging.getLogger(__name__)


def make_optimizer(model, cfg):
    return torch.optim.Adam(model.parameters(), lr=cfg["lr"], weight_decay=cfg.get("wd", 0.0))


def make_scheduler(optimizer, cfg):
    return torch.optim.lr_scheduler.StepLR(optimizer, step_size=cfg["lr_step"], gamma=0.5)


def setup(cfg, vocab_size, device):
    """Returns (model, optimizer, scheduler, start_iter).

    init_from == "scratch": fresh model
    init_from == "resume":  model + optimizer state from cfg["ckpt"]
    """
    ckpt = None
    if cfg["init_from"] == "resume":
        logger.info("resuming from %s", cfg["ckpt"])
        model, ckpt = CharLSTM.from_checkpoint(cfg["ckpt"], map_location=device)
    else:
        model = CharLSTM(vocab_size, emb_dim=cfg["emb_dim"], hidden=cfg["hidden"],
                         layers=cfg["layers"], dropout=cfg["dropout"])
    model = model.to(device)

    optimizer = make_optimizer(model, cfg)
    scheduler = make_scheduler(optimizer, cfg)
    start_iter = 0
    if ckpt is not None:
        optimizer.load_state_dict(ckpt["optimizer"])
        scheduler.load_state_dict(ckpt["scheduler"])
        start_iter = ckpt["iter"] + 1

    if cfg.get("compile", False) and hasattr(torch, "compile"):
        model = torch.compile(model)
    return model, optimizer, scheduler, start_iter
