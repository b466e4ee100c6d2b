"""TL012: a deep stack of sigmoid/tanh layers without normalization (vanishing gradients)."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from torchlint.analysis.facts import ModuleFacts
from torchlint.analysis.names import last_name
from torchlint.findings import Severity
from torchlint.rules.base import Report, Rule

_SATURATING = frozenset(
    {"torch.nn.Sigmoid", "torch.nn.Tanh", "torch.nn.Hardtanh", "torch.nn.Softsign"}
)
_MINIMUM_STACK = 3


class SaturatingActivationStack(Rule):
    code = "TL012"
    name = "saturating-activation-stack"
    severity = Severity.INFO
    summary = (
        "Three or more hidden sigmoid/tanh layers without normalization (vanishing gradients)."
    )

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
        f"multiplies the gradient by at most 0.25 (sigmoid) or 1 (tanh, less once saturated), so "
        f"gradients vanish toward the input and the early layers barely learn. Use ReLU/GELU for "
        f"hidden layers, or add BatchNorm/LayerNorm."
    )
