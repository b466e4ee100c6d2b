"""What torchlint knows about the PyTorch API, as data the rules share."""

from __future__ import annotations

import enum

import libcst as cst

from torchlint.analysis.names import last_name, words


class Activation(enum.Enum):
    SOFTMAX = "softmax"
    LOG_SOFTMAX = "log_softmax"
    SIGMOID = "sigmoid"
    LOGITS = "a linear layer's raw output"


class LossKind(enum.Enum):
    CROSS_ENTROPY = "CrossEntropyLoss"
    BCE_WITH_LOGITS = "BCEWithLogitsLoss"
    NLL = "NLLLoss"
    BCE = "BCELoss"
    REGRESSION = "regression loss"  # MSELoss, L1Loss, SmoothL1Loss, HuberLoss
    OTHER = "loss"


ACTIVATION_FUNCTIONS = {
    "torch.softmax": Activation.SOFTMAX,
    "torch.nn.functional.softmax": Activation.SOFTMAX,
    "torch.special.softmax": Activation.SOFTMAX,
    "torch.log_softmax": Activation.LOG_SOFTMAX,
    "torch.nn.functional.log_softmax": Activation.LOG_SOFTMAX,
    "torch.special.log_softmax": Activation.LOG_SOFTMAX,
    "torch.sigmoid": Activation.SIGMOID,
    "torch.nn.functional.sigmoid": Activation.SIGMOID,
    "torch.special.expit": Activation.SIGMOID,
}
ACTIVATION_MODULES = {
    "torch.nn.Softmax": Activation.SOFTMAX,
    "torch.nn.LogSoftmax": Activation.LOG_SOFTMAX,
    "torch.nn.Sigmoid": Activation.SIGMOID,
}
# Layers whose output is raw scores: what a final activation would be applied to.
LOGIT_LAYERS = frozenset({"torch.nn.Linear", "torch.nn.LazyLinear", "torch.nn.Bilinear"})
# Layers that hold parameters of their own (by default): a model that builds one has weights
# beyond the modules passed to it.
PARAMETER_LAYERS = LOGIT_LAYERS | frozenset(
    f"torch.nn.{name}"
    for name in (
        "Conv1d Conv2d Conv3d ConvTranspose1d ConvTranspose2d ConvTranspose3d LazyConv1d "
        "LazyConv2d LazyConv3d Embedding EmbeddingBag RNN LSTM GRU RNNCell LSTMCell GRUCell "
        "BatchNorm1d BatchNorm2d BatchNorm3d SyncBatchNorm LayerNorm GroupNorm RMSNorm PReLU "
        "MultiheadAttention Transformer TransformerEncoder TransformerDecoder "
        "TransformerEncoderLayer TransformerDecoderLayer Parameter"
    ).split()
)
ACTIVATION_TENSOR_METHODS = {
    "softmax": Activation.SOFTMAX,
    "log_softmax": Activation.LOG_SOFTMAX,
    "sigmoid": Activation.SIGMOID,
    "sigmoid_": Activation.SIGMOID,
}
# Tensor methods that keep values in the same range: probabilities stay probabilities.
VALUE_PRESERVING_TENSOR_METHODS = frozenset(
    [
        "to",
        "float",
        "double",
        "half",
        "bfloat16",
        "cpu",
        "cuda",
        "detach",
        "clone",
        "contiguous",
        "view",
        "reshape",
        "squeeze",
        "unsqueeze",
        "flatten",
        "permute",
        "transpose",
        "clamp",
        "clamp_",
        "type",
    ]
)

LOSS_CLASSES = {
    "torch.nn.CrossEntropyLoss": LossKind.CROSS_ENTROPY,
    "torch.nn.BCEWithLogitsLoss": LossKind.BCE_WITH_LOGITS,
    "torch.nn.NLLLoss": LossKind.NLL,
    "torch.nn.BCELoss": LossKind.BCE,
    "torch.nn.MSELoss": LossKind.REGRESSION,
    "torch.nn.L1Loss": LossKind.REGRESSION,
    "torch.nn.SmoothL1Loss": LossKind.REGRESSION,
    "torch.nn.HuberLoss": LossKind.REGRESSION,
}
LOSS_FUNCTIONS = {
    "torch.nn.functional.cross_entropy": LossKind.CROSS_ENTROPY,
    "torch.nn.functional.binary_cross_entropy_with_logits": LossKind.BCE_WITH_LOGITS,
    "torch.nn.functional.nll_loss": LossKind.NLL,
    "torch.nn.functional.binary_cross_entropy": LossKind.BCE,
    "torch.nn.functional.mse_loss": LossKind.REGRESSION,
    "torch.nn.functional.l1_loss": LossKind.REGRESSION,
    "torch.nn.functional.smooth_l1_loss": LossKind.REGRESSION,
    "torch.nn.functional.huber_loss": LossKind.REGRESSION,
}


def loss_class_kind(qualname: str | None) -> LossKind | None:
    if qualname is None:
        return None
    if qualname in LOSS_CLASSES:
        return LOSS_CLASSES[qualname]
    if qualname.startswith("torch.nn.") and qualname.endswith("Loss"):
        return LossKind.OTHER
    return None


def loss_function_kind(qualname: str | None) -> LossKind | None:
    if qualname is None:
        return None
    if qualname in LOSS_FUNCTIONS:
        return LOSS_FUNCTIONS[qualname]
    if qualname.startswith("torch.nn.functional.") and qualname.endswith("_loss"):
        return LossKind.OTHER
    return None


# Optimizers outside torch.optim (timm, transformers, bitsandbytes, apex, ...) by class name.
_OPTIMIZER_CLASS_NAMES = frozenset(
    [
        "SGD",
        "Adam",
        "AdamW",
        "Adamax",
        "Adadelta",
        "Adagrad",
        "ASGD",
        "LBFGS",
        "NAdam",
        "RAdam",
        "RMSprop",
        "Rprop",
        "SparseAdam",
        "Adafactor",
        "Muon",
        "Lamb",
        "LAMB",
        "Lion",
        "Adan",
        "FusedAdam",
        "FusedLAMB",
        "FusedSGD",
        "AdamW8bit",
        "Adam8bit",
        "PagedAdamW",
        "PagedAdamW8bit",
        "SGDW",
        "AdamP",
        "SGDP",
        "AdaBelief",
        "Ranger",
        "NovoGrad",
        "Novograd",
        "Shampoo",
        "LARS",
        "Lookahead",
        "MADGRAD",
        "Prodigy",
        "ScheduleFreeAdamW",
    ]
)
SCHEDULER_MODULE = "torch.optim.lr_scheduler."
# Schedules sized in epochs by design: stepping them per batch decays the rate far too fast.
EPOCH_SCHEDULERS = frozenset({"StepLR", "MultiStepLR", "ExponentialLR", "CosineAnnealingLR"})
_NOT_OPTIMIZERS_IN_TORCH_OPTIM = (SCHEDULER_MODULE, "torch.optim.swa_utils.")


def is_optimizer_class(qualname: str | None, key: str | None) -> bool:
    if qualname is not None and qualname.startswith("torch.optim."):
        if qualname.startswith(_NOT_OPTIMIZERS_IN_TORCH_OPTIM):
            return False
        name = last_name(qualname)
        return name[:1].isupper() and name != "Optimizer"
    return key is not None and last_name(key) in _OPTIMIZER_CLASS_NAMES


# nn.Module methods that return the module itself: `model = model.to(device)` keeps the object.
MODULE_METHODS_RETURNING_SELF = frozenset(
    [
        "to",
        "cuda",
        "cpu",
        "xpu",
        "ipu",
        "mtia",
        "train",
        "eval",
        "float",
        "double",
        "half",
        "bfloat16",
        "type",
        "requires_grad_",
        "share_memory",
        "apply",
        "to_empty",
    ]
)
COPY_FUNCTIONS = frozenset({"copy.deepcopy", "copy.copy"})


def strip_module_methods(value: cst.BaseExpression) -> cst.BaseExpression:
    """`Net().to(device).train()` -> `Net()`: methods that return the module itself."""
    while (
        isinstance(value, cst.Call)
        and isinstance(value.func, cst.Attribute)
        and value.func.attr.value in MODULE_METHODS_RETURNING_SELF
    ):
        value = value.func.value
    return value


GRAD_DISABLING_CONTEXTS = frozenset(
    {
        "torch.no_grad",
        "torch.inference_mode",
        "torch.autograd.no_grad",
        "torch.autograd.inference_mode",
        "torch.autograd.grad_mode.no_grad",
        "torch.autograd.grad_mode.inference_mode",
    }
)
SET_GRAD_ENABLED = frozenset(
    {
        "torch.set_grad_enabled",
        "torch.autograd.set_grad_enabled",
        "torch.autograd.grad_mode.set_grad_enabled",
    }
)
GRAD_ENABLING_CONTEXTS = frozenset({"torch.enable_grad", "torch.autograd.enable_grad"})

NORMALIZE_TRANSFORMS = frozenset(
    {
        "torchvision.transforms.Normalize",
        "torchvision.transforms.v2.Normalize",
        "torchvision.transforms.functional.normalize",
        "torchvision.transforms.v2.functional.normalize",
        "albumentations.Normalize",
    }
)
DATALOADER_CLASSES = frozenset(
    {"torch.utils.data.DataLoader", "torch.utils.data.dataloader.DataLoader"}
)
# Words that name validation/test data (`X_test`, `val_loader`, `dev_set`).
EVAL_SPLIT_WORDS = frozenset(
    "val valid validation test testing eval evaluation dev holdout".split()
)
# Words that name training data (`x_train`, `trn_ids`).
TRAIN_SPLIT_WORDS = frozenset({"train", "training", "trn"})
SPLIT_FUNCTIONS = frozenset(
    {"sklearn.model_selection.train_test_split", "torch.utils.data.random_split"}
)
SCALER_CLASS_SUFFIXES = ("Scaler", "Normalizer", "QuantileTransformer", "PowerTransformer")

_MODEL_WORDS = frozenset(
    [
        "model",
        "net",
        "network",
        "classifier",
        "encoder",
        "decoder",
        "backbone",
        "generator",
        "discriminator",
        "autoencoder",
        "cnn",
        "rnn",
        "lstm",
        "gru",
        "mlp",
        "resnet",
        "transformer",
        "critic",
        "actor",
        "policy",
        "teacher",
        "student",
    ]
)
_VERB_WORDS = frozenset(
    [
        "build",
        "create",
        "make",
        "get",
        "load",
        "init",
        "initialize",
        "save",
        "train",
        "test",
        "eval",
        "evaluate",
        "run",
        "compute",
        "setup",
        "prepare",
        "define",
        "construct",
        "new",
        "copy",
        "update",
        "wrap",
        "freeze",
        "unfreeze",
        "print",
        "log",
        "count",
        "export",
        "validate",
        "check",
        "convert",
        "register",
        "restore",
        "reset",
        "clone",
        "set",
        "find",
        "select",
        "resolve",
        "parse",
        "read",
        "write",
        "download",
    ]
)
# `model_path`, `net_cfg`, `policy_loss`: named after a model, but not one.
_NOT_A_MODEL_SUFFIXES = frozenset(
    [
        "path",
        "name",
        "names",
        "dir",
        "file",
        "cfg",
        "config",
        "conf",
        "type",
        "cls",
        "class",
        "fn",
        "func",
        "id",
        "args",
        "kwargs",
        "params",
        "kind",
        "str",
        "url",
        "state",
        "dict",
        "size",
        "weights",
        "ckpt",
        "checkpoint",
        "version",
        "output",
        "outputs",
        "out",
        "loss",
        "losses",
        "optimizer",
        "opt",
        "scheduler",
        "list",
        "dtype",
        "device",
    ]
)
_OPTIMIZER_WORDS = frozenset({"opt", "optim", "optimizer", "optimiser", "optimizers"})
_SCHEDULER_WORDS = frozenset({"scheduler", "sched", "schedule", "lr", "warmup"})


def looks_like_model(key: str) -> bool:
    """`model`, `self.net`, `netG`, `model_ema`; not `build_model`, `Net`, `model_path`."""
    name = last_name(key)
    if not name or name[0].isupper():
        return False
    parts = words(name)
    if not parts or parts[0] in _VERB_WORDS or parts[-1] in _NOT_A_MODEL_SUFFIXES:
        return False
    if "and" in parts:  # `validate_and_return_model`: what a method does, not a model
        return False
    return any(part in _MODEL_WORDS for part in parts)


def looks_like_optimizer(key: str) -> bool:
    parts = words(last_name(key))
    return bool(_OPTIMIZER_WORDS.intersection(parts)) and not _SCHEDULER_WORDS.intersection(parts)


# Decoders that give uint8 image tensors, 0-255.
IMAGE_DECODERS = frozenset(
    "torchvision.io." + name for name in ("read_image", "decode_image", "decode_jpeg", "decode_png")
)
# torchvision datasets whose `.data` holds the whole set of uint8 images.
IMAGE_DATASETS = frozenset(
    "torchvision.datasets." + name
    for name in ("MNIST", "FashionMNIST", "KMNIST", "EMNIST", "QMNIST", "CIFAR10", "CIFAR100",
                 "SVHN", "STL10", "USPS")
)  # fmt: skip
