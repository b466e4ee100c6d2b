"""TL013: raw 0-255 image values reach the model: a transform pipeline without scaling or
Normalize, or uint8 images (a dataset's `.data`, decoded files) cast to float and fed to a
forward pass without `/ 255`."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from torchlint.analysis.facts import Call, ModuleFacts
from torchlint.analysis.layout import DType
from torchlint.analysis.names import last_name
from torchlint.analysis.training import is_forward
from torchlint.analysis.values import ModuleValue, TensorValue, values_of
from torchlint.findings import Severity
from torchlint.rules.base import Report, Rule

_COMPOSE = frozenset({"torchvision.transforms.Compose", "torchvision.transforms.v2.Compose"})
# Image -> tensor without scaling: uint8 values 0-255.
_RAW_CONVERSIONS = frozenset({"PILToTensor", "ToImage", "ToImageTensor"})
# Steps after which values are scaled or normalized (a Lambda may do either: trust it).
_SCALING = frozenset({"ToTensor", "ConvertImageDtype", "Normalize", "Lambda"})


class UnnormalizedImageInput(Rule):
    code = "TL013"
    name = "unnormalized-image-input"
    severity = Severity.WARNING
    summary = "Images reach the model as raw 0-255 values: no scaling and no Normalize."

    def check(self, facts: ModuleFacts) -> Iterator[Report]:
        for call in facts.all_calls():
            if call.qualname not in _COMPOSE or not call.node.args:
                continue
            steps = call.node.args[0].value
            if not isinstance(steps, cst.List | cst.Tuple):
                continue
            conversion = _raw_conversion(facts, [e.value for e in steps.elements])
            if conversion is not None:
                yield Report(
                    call.node,
                    _message(conversion),
                    help="Add `ToDtype(torch.float32, scale=True)` (or `ToTensor()`) and "
                    "`Normalize(mean, std)`: raw 0-255 values saturate activations.",
                )
        yield from _unscaled_casts(facts)


def _unscaled_casts(facts: ModuleFacts) -> Iterator[Report]:
    """Forward passes whose input is uint8 pixels cast to float and never scaled."""
    values = values_of(facts)
    reported: set[tuple[str | None, int | None, int]] = set()
    for call in facts.all_calls():
        argument = call.positional(0)
        if argument is None or not is_forward(facts, call):
            continue
        pixels = values.resolved(argument, call.scope, call.order)
        if not isinstance(pixels, TensorValue) or not pixels.pixels:
            continue
        if pixels.dtype is not DType.FLOAT or _model_scales(facts, call):
            continue
        cast = pixels.made
        place = (cast.path, cast.line, id(cast.node)) if cast is not None else (None, None, 0)
        if place in reported:
            continue
        reported.add(place)
        data = facts.code(argument)
        if cast is not None and cast.node is not None:
            message = _cast_message(f"reach the model as `{data}` ({facts.line_ref(call.node)})")
            yield Report(
                cast.node,
                message,
                related=((call.node, "the model receives them"),),
                help=_CAST_FIX,
            )
        else:
            where = cast.describe(facts) if cast is not None else "elsewhere"
            yield Report(
                call.node,
                _cast_message(f"reach the model here as `{data}`", f"({where})"),
                help=_CAST_FIX,
            )


def _model_scales(facts: ModuleFacts, call: Call) -> bool:
    """Whether the model's own `forward` divides its input (`x / 255`), maybe in a submodule or
    in another module of the project."""
    values = values_of(facts)
    model = values.resolved(call.node.func, call.scope, call.order)
    forward = values.forward_summary(model) if isinstance(model, ModuleValue) else None
    return forward is not None and forward.divides


def _raw_conversion(facts: ModuleFacts, steps: list[cst.BaseExpression]) -> str | None:
    """The step that turns images into unscaled tensors, if nothing after it scales them."""
    found = None
    for step in steps:
        if not isinstance(step, cst.Call):
            continue
        name = last_name(facts.qualify(step.func) or "")
        if not (facts.qualify(step.func) or "").startswith("torchvision.transforms"):
            continue
        if name in _RAW_CONVERSIONS:
            found = found or name
        elif name == "ToDtype":
            if _scales(step):
                found = None
            elif found is not None:
                found = f"{found} + ToDtype without scale=True"
        elif name in _SCALING:
            found = None
    return found


def _scales(step: cst.Call) -> bool:
    for arg in step.args:
        if arg.keyword is not None and arg.keyword.value == "scale":
            return isinstance(arg.value, cst.Name) and arg.value.value == "True"
    return False


def _message(conversion: str) -> str:
    return (
        f"this image pipeline converts images with {conversion} and never scales or normalizes them"
    )


def _cast_message(reach: str, where: str = "here") -> str:
    return f"uint8 images are cast to float {where} without scaling and {reach}"


_CAST_FIX = (
    "Divide by 255 (`x.float() / 255`) and normalize, or use `v2.ToDtype(torch.float32, "
    "scale=True)`: values 0-255 saturate activations."
)
