"""TL014: softmax over the batch dimension, or with no dimension at all."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from torchlint.analysis.facts import Call, ModuleFacts
from torchlint.analysis.names import dotted
from torchlint.analysis.training import is_forward
from torchlint.findings import Severity
from torchlint.rules.base import Report, Rule

_FUNCTIONS = frozenset(
    {
        "torch.nn.functional.softmax",
        "torch.nn.functional.log_softmax",
        "torch.softmax",
        "torch.log_softmax",
        "torch.special.softmax",
        "torch.special.log_softmax",
    }
)
# F.softmax and F.log_softmax accept a missing dim (and guess); torch.softmax requires one.
_IMPLICIT_DIM_FUNCTIONS = frozenset(
    {"torch.nn.functional.softmax", "torch.nn.functional.log_softmax"}
)
_MODULES = frozenset({"torch.nn.Softmax", "torch.nn.LogSoftmax"})
_METHODS = frozenset({"softmax", "log_softmax"})


class SoftmaxWrongDim(Rule):
    code = "TL014"
    name = "softmax-wrong-dim"
    severity = Severity.ERROR
    summary = "Softmax normalizes over the batch dimension (dim=0), or has no dim at all."

    def check(self, facts: ModuleFacts) -> Iterator[Report]:
        for call in facts.all_calls():
            if call.qualname in _FUNCTIONS:
                dim, data = call.argument(1, "dim"), call.argument(0, "input")
                if dim is None and call.qualname in _IMPLICIT_DIM_FUNCTIONS:
                    yield Report(
                        call.node, _implicit_message(facts.code(call.node.func)), Severity.WARNING
                    )
                elif _is_zero(dim) and data is not None and _is_model_output(facts, data, call):
                    yield Report(call.node, _batch_message(f"`{facts.code(data)}`"))
            elif call.method in _METHODS and call.qualname is None and call.receiver is not None:
                dim = call.argument(0, "dim")
                if _is_zero(dim) and _is_model_output(facts, call.receiver, call):
                    yield Report(call.node, _batch_message(f"`{facts.code(call.receiver)}`"))
            elif call.qualname == "torch.nn.Sequential":
                yield from _sequential_output_layer(facts, call)
            elif call.qualname in _MODULES and call.argument(0, "dim") is None:
                name = facts.code(call.node.func)
                yield Report(call.node, _implicit_message(name), Severity.WARNING)


def _sequential_output_layer(facts: ModuleFacts, call: Call) -> Iterator[Report]:
    """`nn.Sequential(..., nn.Linear(h, n), nn.Softmax(dim=0))`: batch-first by construction."""
    layers = [arg.value for arg in call.node.args if arg.keyword is None and not arg.star]
    last = layers[-1] if layers else None
    if isinstance(last, cst.Call) and facts.qualify(last.func) in _MODULES:
        dim = next(
            (a.value for a in last.args if a.keyword is None or a.keyword.value == "dim"), None
        )
        if _is_zero(dim):
            yield Report(last, _batch_message("the layers before it"))


def _is_zero(dim: cst.BaseExpression | None) -> bool:
    return isinstance(dim, cst.Integer) and dim.value == "0"


def _is_model_output(facts: ModuleFacts, data: cst.BaseExpression, call: Call) -> bool:
    """`model(x)`, or a name bound to it: batch-first scores, whose dim 0 is the batch."""
    if isinstance(data, cst.Call):
        key = dotted(data.func)
        return key is not None and any(
            c.node is data and is_forward(facts, c) for c in call.scope.calls
        )
    key = dotted(data)
    binding = facts.resolve(key, call.scope, call.order) if key else None
    if binding is None or not isinstance(binding.value, cst.Call):
        return False
    value = binding.value
    return any(c.node is value and is_forward(facts, c) for c in binding.scope.calls)


def _implicit_message(function: str) -> str:
    return (
        f"`{function}` without `dim`: PyTorch guesses the dimension (dim 0 for 0-, 1- and 3-D "
        f"inputs), which normalizes across the batch for batch-first sequences, and the guess is "
        f"deprecated. Pass `dim=` explicitly (`dim=-1` or `dim=1` for class scores)."
    )


def _batch_message(scores: str) -> str:
    return (
        f"softmax over dim 0 of {scores} normalizes across the batch, not across classes: "
        f"each sample's probabilities depend on the rest of the batch and do not sum to 1, so "
        f"the loss and predictions are wrong. Use `dim=1` (or `dim=-1`)."
    )
