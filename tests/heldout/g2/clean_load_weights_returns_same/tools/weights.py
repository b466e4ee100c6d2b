import logging
import os

import torch

logger = logging.getLogger(__name__)


def _clean_keys(state):
    out = {}
    for k, v in state.items():
        for prefix in ("module.", "model.", "_orig_mod."):
            if k.startswith(prefix):
                k = k[len(prefix):]
        out[k] = v
    return out


def load_weights(model, path, device="cpu", strict=False):
    """Load a state dict into `model` in place and hand the same model back."""
    if not path or not os.path.isfile(path):
        logger.warning("no weights at %r, keeping random init", path)
        return model
    state = torch.load(path, map_location="cpu")
    if isinstance(state, dict) and "state_dict" in state:
        state = state["state_dict"]
    state = _clean_keys(state)
    own = model.state_dict()
    state = {k: v for k, v in state.items() if k in own and own[k].shape == v.shape}
    res = model.load_state_dict(state, strict=strict)
    logger.info("loaded %d tensors from %s (missing %d)", len(state), path, len(res.missing_keys))
    return model.to(device)
