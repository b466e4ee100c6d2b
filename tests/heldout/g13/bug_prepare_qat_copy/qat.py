import copy

import torch
from torch.ao import quantization as tq


def prepare_for_qat(model, backend="fbgemm"):
    """Return a fused, fake-quantised copy of ``model`` ready for QAT."""
    qmodel = copy.deepcopy(model)
    qmodel.train()
    tq.fuse_modules_qat(qmodel, qmodel.fuse_list(), inplace=True)
    torch.backends.quantized.engine = backend
    qmodel.qconfig = tq.get_default_qat_qconfig(backend)
    tq.prepare_qat(qmodel, inplace=True)
    return qmodel


def freeze_observers(model, freeze_bn=True):
    model.apply(tq.disable_observer)
    if freeze_bn:
        model.apply(torch.ao.nn.intrinsic.qat.freeze_bn_stats)


def convert_int8(model):
    m = copy.deepcopy(model).cpu().eval()
    return tq.convert(m, inplace=False)
