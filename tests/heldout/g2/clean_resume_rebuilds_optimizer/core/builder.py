import logging
import os

import torch

from .gpt import CharGPT

log = logging.getLogger(__name__)


def _make_optimizer(model, cfg):
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    return torch.optim.AdamW(
        [{"params": decay, "weight_decay": cfg["weight_decay"]},
         {"params": no_decay, "weight_decay": 0.0}],
        lr=cfg["lr"], betas=(0.9, 0.95),
    )


def build_everything(cfg, vocab_size, device):
    model_args = dict(vocab_size=vocab_size, block_size=cfg["block_size"], n_layer=cfg["n_layer"],
                      n_head=cfg["n_head"], d=cfg["d_model"], dropout=cfg["dropout"])
    model = CharGPT(**model_args)
    iter_num, best_val = 0, float("inf")
    ckpt = None

    ckpt_path = os.path.join(cfg["out_dir"], "ckpt.pt")
    if cfg["init_from"] == "resume" and os.path.exists(ckpt_path):
        log.info("resuming training from %s", ckpt_path)
        ckpt = torch.load(ckpt_path, map_location="cpu")
        model = CharGPT(**ckpt["model_args"])
        model.load_state_dict(ckpt["model"])
        iter_num, best_val = ckpt["iter_num"], ckpt["best_val_loss"]

    model.to(device)
    optimizer = _make_optimizer(model, cfg)
    if ckpt is not None:
        optimizer.load_state_dict(ckpt["optimizer"])
        ckpt = None
    return model, optimizer, model_args, iter_num, best_val


def save_state(cfg, model, optimizer, model_args, iter_num, best_val):
    torch.save({
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "model_args": model_args,
        "iter_num": iter_num,
        "best_val_loss": best_val,
    }, os.path.join(cfg["out_dir"], "ckpt.pt"))
