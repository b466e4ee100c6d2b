import logging
import os

import torch

from net import KWSNet

log = logging.getLogger(__name__)


def _strip_prefix(state, prefix="module."):
    return {k[len(prefix):] if k.startswith(prefix) else k: v for k, v in state.items()}


def restore_model(path, cfg):
    """Rebuild a KWSNet from a (possibly DataParallel) checkpoint."""
    if not os.path.exists(path):
        raise FileNotFoundError(path)
    blob = torch.load(path, map_location="cpu")
    state = _strip_prefix(blob.get("model", blob))
    model = KWSNet(n_mels=cfg.n_mels, n_classes=cfg.n_classes, channels=cfg.channels)
    # the classifier may have a different number of keywords: drop it if so
    head_w = state.get("head.weight")
    if head_w is not None and head_w.shape[0] != cfg.n_classes:
        state = {k: v for k, v in state.items() if not k.startswith("head.")}
        log.info("dropping classifier head from %s", path)
    model.load_state_dict(state, strict=False)
    return model


def save_model(path, model, epoch, acc):
    torch.save({"model": model.state_dict(), "epoch": epoch, "acc": acc}, path)
