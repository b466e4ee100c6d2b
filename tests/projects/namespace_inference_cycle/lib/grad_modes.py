import time

import torch

from lib.versions import at_least

HAS_INFERENCE_MODE = at_least(torch.__version__, "1.9")


def inference(enabled=HAS_INFERENCE_MODE):
    """Disables gradients with the best context this torch has."""

    def decorate(fn):
        return (torch.inference_mode if enabled else torch.no_grad)()(fn)

    return decorate


def stopwatch(fn):
    def wrapper(*args, **kwargs):
        start = time.time()
        result = fn(*args, **kwargs)
        print(f"{fn.__name__}: {time.time() - start:.1f}s")
        return result

    return wrapper


def export_head(weights):
    from nets.heads import Predictor  # lazy: nets.heads imports this module at load time

    return Predictor(weights)
