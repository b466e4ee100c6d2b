"""TL014: softmax over the batch dimension: dim=0, or no dim on a 3-D tensor."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from torchlint.analysis.facts import Call, ModuleFacts, Scope
from torchlint.analysis.names import dotted
from torchlint.analysis.shapes import rank_of
from torchlint.analysis.training import is_forward
from torchlint.analysis.values import ModuleValue, values_of
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
_MAX_DEPTH = 6


class SoftmaxWrongDim(Rule):
    code = "TL014"
    name = "softmax-wrong-dim"
    severity = Severity.ERROR
    summary = "Softmax normalizes over the batch dimension: dim=0, or no dim on a 3-D tensor."

    def check(self, facts: ModuleFacts) -> Iterator[Report]:
        implicit_modules = {
            id(c.node): c for c in facts.all_calls() if c.qualname in _MODULES and not c.node.args
        }
        for call in facts.all_calls():
            if call.qualname in _FUNCTIONS:
                dim, data = call.argument(1, "dim"), call.argument(0, "input")
                if dim is None and call.qualname in _IMPLICIT_DIM_FUNCTIONS:
                    yield from _implicit_dim(facts, call, data, facts.code(call.node.func))
                elif _is_zero(dim) and data is not None and _is_model_output(facts, data, call):
                    yield Report(call.node, _batch_message(f"`{facts.code(data)}`"))
            elif call.qualname == "torch.nn.Sequential":
                yield from _sequential_output_layer(facts, call)
            elif (
                implicit_modules
                and call.node.args
                and (built := implicit_modules.get(_built_at(facts, call))) is not None
            ):
                name = facts.code(built.node.func)
                yield from _implicit_dim(facts, call, call.node.args[0].value, name, built.node)
            elif call.method in _METHODS and call.qualname is None and call.receiver is not None:
                dim = call.argument(0, "dim")
                if _is_zero(dim) and _is_model_output(facts, call.receiver, call):
                    yield Report(call.node, _batch_message(f"`{facts.code(call.receiver)}`"))


def _built_at(facts: ModuleFacts, call: Call) -> int | None:
    """The id of the node that built the layer `call` calls (`self.softmax(x)`), if known."""
    layer = values_of(facts).value_of(call.node.func, call.scope, call.order)
    identity = layer.identity if isinstance(layer, ModuleValue) else None
    return identity[1] if isinstance(identity, tuple) and identity[0] == "new" else None


def _implicit_dim(
    facts: ModuleFacts,
    call: Call,
    data: cst.BaseExpression | None,
    function: str,
    built: cst.CSTNode | None = None,
) -> Iterator[Report]:
    """No `dim`: PyTorch picks dim 0 for a 3-D input, which is never the class dimension."""
    if data is not None and rank_of(facts, data, call.scope, call.order) == 3:
        related = ((built, f"`{function}` built here without `dim`"),) if built else ()
        yield Report(call.node, _implicit_message(function, facts.code(data)), related=related)


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


def _is_model_output(
    facts: ModuleFacts, data: cst.BaseExpression, call: Call, depth: int = 0
) -> bool:
    """`model(x)`, or a name bound to it: batch-first scores, whose dim 0 is the batch."""
    return _model_output_at(facts, data, call.scope, call.order, depth)


def _model_output_at(
    facts: ModuleFacts, data: cst.BaseExpression, scope: Scope, order: int, depth: int
) -> bool:
    """`model(x)`, a name bound to it, the scores divided by a temperature (`logits / T`), or
    a parameter every call site of this file passes one of these."""
    if depth > _MAX_DEPTH:
        return False
    if isinstance(data, cst.BinaryOperation) and isinstance(
        data.operator, cst.Divide | cst.Multiply
    ):
        if _is_scalar(data.right):
            return _model_output_at(facts, data.left, scope, order, depth + 1)
        return False
    if isinstance(data, cst.Call):
        return any(c.node is data and is_forward(facts, c) for c in scope.calls)
    key = dotted(data)
    if key is None:
        return False
    binding = facts.resolve(key, scope, order)
    if binding is None:
        return _parameter_is_model_output(facts, key, scope, depth)
    if binding.value is None or binding.augmented:
        return False
    return _model_output_at(facts, binding.value, binding.scope, binding.order, depth + 1)


def _parameter_is_model_output(facts: ModuleFacts, name: str, scope: Scope, depth: int) -> bool:
    """`def kd_loss(self, student, teacher)`: every call of this file passes model outputs."""
    if scope.kind != "function" or name not in scope.params or name == "self":
        return False
    values = values_of(facts)
    summary = values.function_summary(scope)
    index = scope.params.index(name)
    sites = [c for c in facts.call_sites(scope) if c.scope is not scope]
    found = False
    for site in sites:
        bound = summary.is_method and site.receiver_key is not None
        argument = values.arguments(summary, bound, site.node).get(index)
        if argument is None or not _model_output_at(
            facts, argument, site.scope, site.order, depth + 1
        ):
            return False
        found = True
    return found


def _is_scalar(expr: cst.BaseExpression) -> bool:
    """A number or a name of one (a temperature): `logits / self.T`, not `x / x.sum(0)`."""
    return isinstance(expr, cst.Integer | cst.Float | cst.Name | cst.Attribute)


def _implicit_message(function: str, data: str) -> str:
    return (
        f"`{function}` without `dim` on `{data}`, a 3-D tensor: PyTorch then normalizes over "
        f"dim 0 (the batch, or the time steps of a sequence-first tensor), not over the classes, "
        f"so the probabilities are wrong and each sample depends on the others. Pass "
        f"`dim=-1` (the class dimension)."
    )


def _batch_message(scores: str) -> str:
    return (
        f"softmax over dim 0 of {scores} normalizes across the batch, not across classes: "
        f"each sample's probabilities depend on the rest of the batch and do not sum to 1, so "
        f"the loss and predictions are wrong. Use `dim=1` (or `dim=-1`)."
    )
