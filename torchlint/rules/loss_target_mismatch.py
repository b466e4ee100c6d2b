"""TL009: targets whose dtype or shape cannot be what the loss expects, where the code shows it."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from torchlint.analysis.facts import Call, ModuleFacts
from torchlint.analysis.names import dotted
from torchlint.analysis.torch_api import Activation, LossKind
from torchlint.analysis.training import activation_of, loss_kind
from torchlint.findings import Severity
from torchlint.rules.base import Report, Rule

_REGRESSION_LOSSES = frozenset(
    {
        "torch.nn.MSELoss", "torch.nn.L1Loss", "torch.nn.SmoothL1Loss", "torch.nn.HuberLoss",
        "torch.nn.functional.mse_loss", "torch.nn.functional.l1_loss",
        "torch.nn.functional.smooth_l1_loss", "torch.nn.functional.huber_loss",
    }
)  # fmt: skip
_INTEGER_CASTS = frozenset({"long", "int"})
_FLOAT_CASTS = frozenset({"float", "double", "half"})
_FLATTENING = frozenset({"squeeze", "flatten", "view", "reshape", "ravel"})
_MAX_DEPTH = 4


class LossTargetMismatch(Rule):
    code = "TL009"
    name = "loss-target-mismatch"
    severity = Severity.ERROR
    summary = (
        "Loss targets of the wrong dtype or shape: one-hot into CrossEntropyLoss, [N, 1] vs [N]."
    )

    def check(self, facts: ModuleFacts) -> Iterator[Report]:
        for call in facts.all_calls():
            target = call.argument(1, "target")
            prediction = call.argument(0, "input")
            if target is None or prediction is None:
                continue
            kind = loss_kind(facts, call)
            loss = facts.code(call.node.func)
            if kind is LossKind.CROSS_ENTROPY and _one_hot_integers(facts, target, call, 0):
                yield Report(call.node, _one_hot_message(loss))
            elif kind in (LossKind.BCE, LossKind.BCE_WITH_LOGITS) and _integer_cast(target):
                yield Report(call.node, _integer_message(loss))
            elif (
                _is_regression_loss(facts, call)
                and _single_output(facts, prediction, call)
                and _visibly_one_dimensional(facts, target, call, 0)
            ):
                yield Report(call.node, _broadcast_message(loss), Severity.WARNING)


def _resolved(
    facts: ModuleFacts, expr: cst.BaseExpression, call: Call
) -> cst.BaseExpression | None:
    key = dotted(expr)
    binding = facts.resolve(key, call.scope, call.order) if key else None
    return binding.value if binding is not None else None


def _method(expr: cst.BaseExpression) -> str | None:
    if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute):
        return expr.func.attr.value
    return None


def _one_hot_integers(
    facts: ModuleFacts, target: cst.BaseExpression, call: Call, depth: int
) -> bool:
    """`F.one_hot(y)` (integers), not `F.one_hot(y).float()` (valid class probabilities)."""
    if depth > _MAX_DEPTH:
        return False
    if isinstance(target, cst.Call):
        if facts.qualify(target.func) == "torch.nn.functional.one_hot":
            return True
        method = _method(target)
        if method in _FLOAT_CASTS or method == "to":
            return False
        if method is not None:
            return _one_hot_integers(facts, target.func.value, call, depth + 1)  # type: ignore[attr-defined]
        return False
    value = _resolved(facts, target, call)
    return value is not None and _one_hot_integers(facts, value, call, depth + 1)


def _integer_cast(target: cst.BaseExpression) -> bool:
    if _method(target) in _INTEGER_CASTS:
        return True
    if _method(target) == "to" and isinstance(target, cst.Call) and target.args:
        return dotted(target.args[0].value) in ("torch.long", "torch.int64", "torch.int")
    return False


def _is_regression_loss(facts: ModuleFacts, call: Call) -> bool:
    if call.qualname in _REGRESSION_LOSSES:
        return True
    value = _resolved(facts, call.node.func, call) if call.key else None
    return isinstance(value, cst.Call) and facts.qualify(value.func) in _REGRESSION_LOSSES


def _single_output(facts: ModuleFacts, prediction: cst.BaseExpression, call: Call) -> bool:
    """Output of a final `nn.Linear(in, 1)`, not squeezed: shape [N, 1]."""
    if _method(prediction) in _FLATTENING:
        return False
    activated = activation_of(facts, prediction, call.scope, call.order)
    if activated is None or activated.activation is not Activation.LOGITS:
        return False
    layer = activated.node
    if not isinstance(layer, cst.Call):
        return False
    positional = [a.value for a in layer.args if a.keyword is None]
    out = next(
        (a.value for a in layer.args if a.keyword and a.keyword.value == "out_features"), None
    )
    out = out or (positional[1] if len(positional) > 1 else None)
    return isinstance(out, cst.Integer) and out.value == "1"


def _visibly_one_dimensional(
    facts: ModuleFacts, target: cst.BaseExpression, call: Call, depth: int
) -> bool:
    """`y.view(-1)`, `y.squeeze()`, `y.flatten()`, `torch.randn(n)`: a target of shape [N]."""
    if depth > _MAX_DEPTH:
        return False
    if isinstance(target, cst.Call):
        method = _method(target)
        args = [a.value for a in target.args]
        if method in ("squeeze", "flatten", "ravel") and not args:
            return True
        if method in ("view", "reshape") and len(args) == 1:
            arg = args[0]
            return isinstance(arg, cst.UnaryOperation) and isinstance(arg.expression, cst.Integer)
        qualname = facts.qualify(target.func) or ""
        if (
            qualname in ("torch.randn", "torch.rand", "torch.zeros", "torch.ones")
            and len(args) == 1
        ):
            return isinstance(args[0], cst.Integer | cst.Name)
        if method in _FLOAT_CASTS or method == "to":
            return _visibly_one_dimensional(facts, target.func.value, call, depth + 1)  # type: ignore[attr-defined]
        return False
    value = _resolved(facts, target, call)
    return value is not None and _visibly_one_dimensional(facts, value, call, depth + 1)


def _one_hot_message(loss: str) -> str:
    return (
        f"`{loss}` receives one-hot integer targets (`F.one_hot`): CrossEntropyLoss expects class "
        f"indices of shape [N], or float class probabilities, and raises on integer one-hot "
        f"targets. Pass the class indices, or `F.one_hot(y).float()` for soft targets."
    )


def _integer_message(loss: str) -> str:
    return (
        f"`{loss}` receives integer targets (`.long()`/`.int()`): binary cross-entropy needs float "
        f"targets of the prediction's shape and raises on integers. Use `.float()`."
    )


def _broadcast_message(loss: str) -> str:
    return (
        f"`{loss}` compares a prediction of shape [N, 1] (a final `Linear(..., 1)`) with a "
        f"target of shape [N]: broadcasting turns the difference into an [N, N] matrix, so the "
        f"loss averages every prediction against every target and the model learns the mean. "
        f"Squeeze the prediction (`out.squeeze(1)`) or give the target shape [N, 1]."
    )
