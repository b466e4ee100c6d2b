"""Make a training script run here and now: on the CPU, offline, briefly, without side effects.

- DataLoaders yield at most `batches` batches per pass, in the main process.
- With `--device cpu` (or `auto` without CUDA), CUDA requests become CPU requests.
- torchvision datasets whose files are absent become synthetic data of the same shape.
- `torch.save` to a path writes into a temporary directory instead.
Each substitution is recorded so the report can say what was changed.
"""

from __future__ import annotations

import builtins
import itertools
import os
from collections import Counter
from pathlib import Path
from typing import Any

import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset

_FACTORIES = """
    zeros ones empty full rand randn randint randperm arange linspace eye tensor as_tensor
    zeros_like ones_like empty_like full_like rand_like randn_like randint_like
""".split()

# name -> (image shape (H, W) or (H, W, C), number of classes)
_DATASETS = {
    "MNIST": ((28, 28), 10),
    "FashionMNIST": ((28, 28), 10),
    "KMNIST": ((28, 28), 10),
    "CIFAR10": ((32, 32, 3), 10),
    "CIFAR100": ((32, 32, 3), 100),
    "SVHN": ((32, 32, 3), 10),
}


class Substitutions:
    def __init__(self) -> None:
        self.cuda_to_cpu: Counter = Counter()
        self.datasets: list[str] = []
        self.saves: list[dict[str, str]] = []

    def report(self) -> dict[str, Any]:
        return {
            "cuda_to_cpu": dict(self.cuda_to_cpu),
            "datasets": self.datasets,
            "saves": self.saves,
        }


def cap_data_loaders(batches: int) -> None:
    original_init = DataLoader.__init__
    original_iter = DataLoader.__iter__

    def init(self: DataLoader, *args: Any, **kwargs: Any) -> None:
        # Workers cost seconds to start and can outlive a killed run; the main process suffices.
        kwargs.update(num_workers=0, pin_memory=False, persistent_workers=False)
        kwargs.pop("prefetch_factor", None)
        original_init(self, *args, **kwargs)

    def capped(self: DataLoader) -> Any:
        return itertools.islice(original_iter(self), batches)

    DataLoader.__init__ = init  # type: ignore[method-assign]
    DataLoader.__iter__ = capped  # type: ignore[method-assign]


def _is_cuda(value: Any) -> bool:
    if isinstance(value, torch.device):
        return value.type == "cuda"
    if isinstance(value, str):
        return value.startswith("cuda")
    return False


def map_cuda_to_cpu(substitutions: Substitutions) -> None:
    def count(what: str) -> None:
        substitutions.cuda_to_cpu[what] += 1

    def cpu_args(what: str, args: tuple, kwargs: dict) -> tuple[tuple, dict]:
        # `.to(0)` means cuda:0, like `.to("cuda")`; dtypes and tensors pass through.
        if args and (_is_cuda(args[0]) or type(args[0]) is int):
            args = ("cpu", *args[1:])
            count(what)
        if _is_cuda(kwargs.get("device")):
            kwargs = {**kwargs, "device": "cpu"}
            count(what)
        return args, kwargs

    def stay_on_cpu(what: str) -> Any:
        def same(self: Any, *args: Any, **kwargs: Any) -> Any:
            count(what)
            return self

        return same

    torch.Tensor.cuda = stay_on_cpu(".cuda()")  # type: ignore[method-assign]
    nn.Module.cuda = stay_on_cpu(".cuda()")  # type: ignore[method-assign]
    for owner, label in ((torch.Tensor, "tensor.to"), (nn.Module, "module.to")):
        original = owner.to

        def to(
            self: Any, *args: Any, _original: Any = original, _label: str = label, **kwargs: Any
        ) -> Any:
            args, kwargs = cpu_args(_label, args, kwargs)
            return _original(self, *args, **kwargs)

        owner.to = to  # type: ignore[method-assign]
    for name in _FACTORIES:
        original = getattr(torch, name)

        def factory(*args: Any, _original: Any = original, _name: str = name, **kwargs: Any) -> Any:
            if _is_cuda(kwargs.get("device")):
                kwargs = {**kwargs, "device": "cpu"}
                count(f"torch.{_name}(device=...)")
            return _original(*args, **kwargs)

        setattr(torch, name, factory)
    original_load = torch.load

    def load(*args: Any, **kwargs: Any) -> Any:
        kwargs["map_location"] = "cpu"
        return original_load(*args, **kwargs)

    torch.load = load
    torch.cuda.is_available = lambda: False
    torch.cuda.device_count = lambda: 0
    torch.cuda.set_device = lambda *args, **kwargs: None
    torch.cuda.synchronize = lambda *args, **kwargs: None


# What a smoke run must not overwrite: the user's checkpoints, whichever way they are written.
_CHECKPOINT_SUFFIXES = frozenset(
    {".pt", ".pth", ".ckpt", ".bin", ".pkl", ".pickle", ".safetensors", ".tar", ".h5", ".npz"}
)


class _Redirects:
    """Checkpoint paths the script writes, each mapped to a file of its own in `directory`;
    reads of a written path read the redirected file, so save-then-load scripts still work."""

    def __init__(self, directory: Path, substitutions: Substitutions) -> None:
        self.directory = os.path.realpath(directory)
        self.substitutions = substitutions
        self.written: dict[str, str] = {}

    def _key(self, f: Any) -> str | None:
        if not isinstance(f, (str, os.PathLike)):
            return None
        key = os.path.realpath(os.fspath(f))
        return None if key.startswith(self.directory + os.sep) else key

    def for_write(self, f: Any) -> Any:
        key = self._key(f)
        if key is None:
            return f
        if key not in self.written:
            target = os.path.join(self.directory, f"{len(self.written)}-{Path(key).name}")
            self.written[key] = target
            self.substitutions.saves.append({"requested": os.fspath(f), "written": target})
        return self.written[key]

    def for_read(self, f: Any) -> Any:
        if not self.written:  # every `open` of the script passes here: no path work until a save
            return f
        key = self._key(f)
        return self.written.get(key, f) if key is not None else f


def redirect_saves(directory: Path, substitutions: Substitutions) -> None:
    """`torch.save`, and `open(path, "wb")` of a checkpoint file, write into `directory`."""
    redirects = _Redirects(directory, substitutions)
    original_save, original_load, original_open = torch.save, torch.load, builtins.open

    def save(obj: Any, f: Any, *args: Any, **kwargs: Any) -> Any:
        return original_save(obj, redirects.for_write(f), *args, **kwargs)

    def load(f: Any, *args: Any, **kwargs: Any) -> Any:
        return original_load(redirects.for_read(f), *args, **kwargs)

    def open_(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, (str, os.PathLike)):
            writes = any(flag in mode for flag in "wax+")
            if writes and Path(os.fspath(file)).suffix.lower() in _CHECKPOINT_SUFFIXES:
                file = redirects.for_write(file)
            else:
                file = redirects.for_read(file)
        return original_open(file, mode, *args, **kwargs)

    torch.save, torch.load = save, load
    builtins.open = open_


class SyntheticImages(Dataset):
    """Random images with the shape, class count and attributes of a torchvision dataset."""

    def __init__(
        self, shape: tuple[int, ...], classes: int, size: int, transform: Any, target_transform: Any
    ):
        generator = torch.Generator().manual_seed(size)
        self.data = torch.randint(0, 256, (size, *shape), dtype=torch.uint8, generator=generator)
        self.targets = torch.randint(0, classes, (size,), generator=generator)
        self.classes = [str(c) for c in range(classes)]
        self.class_to_idx = {c: i for i, c in enumerate(self.classes)}
        self.transform = transform
        self.target_transform = target_transform

    def __len__(self) -> int:
        return len(self.targets)

    def __getitem__(self, index: int) -> tuple[Any, Any]:
        from PIL import Image

        image = Image.fromarray(self.data[index].numpy())
        target = int(self.targets[index])
        if self.transform is not None:
            image = self.transform(image)
        if self.target_transform is not None:
            target = self.target_transform(target)
        return image, target


def synthesize_missing_datasets(substitutions: Substitutions, size: int) -> None:
    try:
        import torchvision.datasets as datasets
    except ImportError:
        return
    for name, (shape, classes) in _DATASETS.items():
        real = getattr(datasets, name, None)
        if real is None:
            continue

        def dataset(
            root: Any, *args: Any, _real: Any = real, _name: str = name, _shape: Any = shape,
            _classes: int = classes, **kwargs: Any,
        ) -> Any:  # fmt: skip
            kwargs["download"] = False
            try:
                return _real(root, *args, **kwargs)
            except (RuntimeError, OSError):
                substitutions.datasets.append(f"{_name} (files absent under {os.fspath(root)!r})")
                return SyntheticImages(
                    _shape, _classes, size, kwargs.get("transform"), kwargs.get("target_transform")
                )

        setattr(datasets, name, dataset)
