import logging
import os
import random

import numpy as np
import torch

LOGGER = logging.getLogger(__name__)


def check_version(current, minimum):
    cur = tuple(int(x) for x in current.split("+")[0].split(".")[:2])
    req = tuple(int(x) for x in minimum.split(".")[:2])
    return cur >= req


def smart_inference_mode(torch_1_9=check_version(torch.__version__, "1.9.0")):
    """Applies torch.inference_mode() if torch>=1.9.0 else torch.no_grad() as a decorator."""

    def decorate(fn):
        return (torch.inference_mode if torch_1_9 else torch.no_grad)()(fn)

    return decorate


def select_device(device=""):
    device = str(device).strip().lower().replace("cuda:", "")
    if device == "cpu" or not torch.cuda.is_available():
        LOGGER.info("using CPU")
        return torch.device("cpu")
    if device:
        os.environ["CUDA_VISIBLE_DEVICES"] = device
    LOGGER.info("using CUDA:%s (%s)", device or "0", torch.cuda.get_device_name(0))
    return torch.device("cuda:0")


def seed_everything(seed=0):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.cuda.manual_seed_all(seed)
    torch.backends.cudnn.benchmark = False
    torch.backends.cudnn.deterministic = True
