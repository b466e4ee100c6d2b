"""TL013: an image pipeline that yields raw 0-255 values (no scaling, no Normalize)."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from torchlint.analysis.facts import ModuleFacts
from torchlint.analysis.names import last_name
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
    summary = "An image transform pipeline yields raw 0-255 values: no scaling and no Normalize."

    def check(self, facts: ModuleFacts) -> Iterator[Report]:
        for call in facts.all_calls():
            if call.qualname not in _COMPOSE or not call.node.args:
                continue
            steps = call.node.args[0].value
            if not isinstance(steps, cst.List | cst.Tuple):
                continue
            conversion = _raw_conversion(facts, [e.value for e in steps.elements])
            if conversion is not None:
                yield Report(call.node, _message(conversion))


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
        f"this image pipeline converts images with {conversion} and never scales or normalizes "
        f"them: the model sees raw 0-255 values, which saturate activations and make training "
        f"slow or unstable. Add `ToDtype(torch.float32, scale=True)` (or `ToTensor()`) and "
        f"`Normalize(mean, std)`."
    )
