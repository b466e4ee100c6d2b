import functools
import time

import torch


def evaluation_mode(fn):
    """Run `fn(model, ...)` with the model in eval mode and autograd disabled.

    The model's previous mode is restored afterwards, so callers can keep training
    straight after an evaluation without remembering to call `model.train()`.
    """

    @functools.wraps(fn)
    def wrapper(model, *args, **kwargs):
        was_training = model.training
        model.eval()
        try:
            with torch.no_grad():
                return fn(model, *args, **kwargs)
        finally:
            model.train(was_training)

    return wrapper


def timed(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        t0 = time.perf_counter()
        out = fn(*args, **kwargs)
        print(f"{fn.__name__} took {time.perf_counter() - t0:.2f}s")
        return out

    return wrapper
