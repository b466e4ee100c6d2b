"""TL012: a stack of sigmoid layers without normalization (vanishing gradients)."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from torchlint.analysis.facts import ModuleFacts
from torchlint.analysis.names import last_name
from torchlint.findings import Severity
from torchlint.rules.base import Report, Rule

# Activations whose derivative is at most 0.25 (1/6 for the hard sigmoid). Tanh, Hardtanh and
# Softsign have slope 1 at zero: under PyTorch's default initialization a stack of ten of them
# passes gradients back about as well as ReLU does (see bench/activation_gradients.py).
_SATURATING = frozenset({"torch.nn.Sigmoid", "torch.nn.Hardsigmoid"})
# With three, the first layer's weight gradient is ~1e-3 of the last layer's (measured).
_MINIMUM_STACK = 3


class SaturatingActivationStack(Rule):
    code = "TL012"
    name = "saturating-activation-stack"
    severity = Severity.INFO
    summary = "Three or more hidden sigmoid layers without normalization (vanishing gradients)."

    def check(self, facts: ModuleFacts) -> Iterator[Report]:
        for call in facts.all_calls():
            if call.qualname != "torch.nn.Sequential":
                continue
            layers = [arg.value for arg in call.node.args]
            if any(arg.star for arg in call.node.args) or len(layers) < 2:
                continue
            hidden = [
                facts.qualify(layer.func) if isinstance(layer, cst.Call) else None
                for layer in layers[:-1]
            ]
            saturating = [name for name in hidden if name in _SATURATING]
            normalized = any(name is not None and "Norm" in last_name(name) for name in hidden)
            if len(saturating) >= _MINIMUM_STACK and not normalized:
                kinds = sorted({last_name(name) for name in saturating})
                yield Report(call.node, _message(len(saturating), "/".join(kinds)))


def _message(count: int, kinds: str) -> str:
    return (
        f"this model stacks {count} hidden {kinds} activations without normalization: each one "
        f"multiplies the gradient by at most 0.25 on its way back, so the first layers get about "
        f"a thousandth of the gradient of the last one and barely learn while the loss still "
        f"moves. Use ReLU/GELU (or tanh) for hidden layers, or add BatchNorm/LayerNorm."
    )
