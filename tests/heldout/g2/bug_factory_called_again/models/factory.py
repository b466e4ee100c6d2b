import logging

import torch

from .segnet import UNet

log = logging.getLogger(__name__)

_REGISTRY = {
    "unet": UNet,
}


def build_model(cfg, checkpoint=None):
    name = cfg.get("name", "unet").lower()
    if name not in _REGISTRY:
        raise KeyError(f"unknown model {name!r}; choose from {sorted(_REGISTRY)}")
    model = _REGISTRY[name](
        in_ch=cfg.get("in_channels", 3),
        n_classes=cfg.get("num_classes", 1),
        base=cfg.get("base_channels", 32),
        depth=cfg.get("depth", 4),
    )
    if checkpoint is not None:
        state = torch.load(checkpoint, map_location="cpu")
        state = state.get("state_dict", state)
        missing, unexpected = model.load_state_dict(state, strict=False)
        log.info("loaded %s (missing=%d, unexpected=%d)", checkpoint, len(missing), len(unexpected))
    return model
