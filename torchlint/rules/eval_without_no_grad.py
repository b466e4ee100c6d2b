"""TL004: evaluation runs forward passes with autograd recording a graph."""

from __future__ import annotations

from collections.abc import Iterator

from torchlint.analysis.facts import Call, ModuleFacts, Scope
from torchlint.analysis.names import last_name, words
from torchlint.analysis.training import is_autograd_use, is_forward, loss_kind, sets_requires_grad
from torchlint.findings import Severity
from torchlint.rules.base import Report, Rule

_EVAL_WORDS = frozenset(
    [
        "evaluate",
        "evaluation",
        "eval",
        "validate",
        "validation",
        "val",
        "valid",
        "test",
        "testing",
        "predict",
        "prediction",
        "infer",
        "inference",
    ]
)
_METRIC_METHODS = frozenset({"argmax", "topk", "eq", "item", "max", "softmax"})
_METRIC_WORDS = frozenset(
    [
        "correct",
        "acc",
        "accuracy",
        "metric",
        "metrics",
        "score",
        "scores",
        "loss",
        "losses",
        "total",
        "f1",
        "precision",
        "recall",
        "auc",
        "mae",
        "mse",
        "rmse",
        "error",
        "errors",
        "psnr",
        "iou",
        "dice",
        "pred",
        "preds",
        "prediction",
        "predictions",
    ]
)
_MAX_CALLER_DEPTH = 4


class EvalWithoutNoGrad(Rule):
    code = "TL004"
    name = "eval-without-no-grad"
    severity = Severity.WARNING
    summary = (
        "Evaluation code runs the model with gradients enabled (wasted memory, OOM in validation)."
    )

    def check(self, facts: ModuleFacts) -> Iterator[Report]:
        for scope in facts.scopes:
            if scope.kind == "function" and _is_evaluation_function(facts, scope):
                forward = _first_forward_with_grad(facts, scope.calls)
                if forward is not None and not _runs_without_grad(facts, scope, 0):
                    yield Report(
                        forward.node, _function_message(facts.code(forward.node.func), scope.name)
                    )
            elif not _is_unit_test(scope):
                yield from self._after_eval_mode(facts, scope)

    def _after_eval_mode(self, facts: ModuleFacts, scope: Scope) -> Iterator[Report]:
        for switch in scope.calls:
            model = switch.receiver_key
            if model is None or not _switches_to_eval(switch):
                continue
            end = min(
                (
                    c.order
                    for c in scope.calls
                    if c.order > switch.order
                    and c.receiver_key == model
                    and c.method == "train"
                    and not _switches_to_eval(c)
                ),
                default=scope.end,
            )
            region = [c for c in scope.calls if switch.order < c.order < end]
            if any(is_autograd_use(facts, c) for c in region) or sets_requires_grad(scope):
                continue
            # A forward whose result is dropped at once (calibration, warm-up) keeps no graph alive.
            forwards = [c for c in region if _forward_of(c) == model and not c.discarded]
            forward = _first_forward_with_grad(facts, forwards)
            if forward is not None and not _runs_without_grad(facts, scope, 0):
                yield Report(
                    forward.node,
                    _eval_mode_message(
                        facts.code(forward.node.func), model, facts.line_ref(switch.node)
                    ),
                )


def _switches_to_eval(call: Call) -> bool:
    if call.method == "eval" and not call.node.args:
        return True
    if call.method == "train" and call.node.args:
        flag = call.node.args[0].value
        return getattr(flag, "value", None) == "False"
    return False


def _forward_of(call: Call) -> str | None:
    return call.receiver_key if call.method == "forward" else call.key


def _first_forward_with_grad(facts: ModuleFacts, calls: list[Call]) -> Call | None:
    for call in calls:
        if not call.grad_disabled and is_forward(facts, call):
            return call
    return None


def _is_evaluation_function(facts: ModuleFacts, function: Scope) -> bool:
    """Named like evaluation, computes metrics, and does not need gradients on purpose."""
    if not _EVAL_WORDS.intersection(words(function.name)) or function.decorated_no_grad:
        return False
    if _is_unit_test(function):
        return False
    if function.klass is not None and any(
        last_name(base).endswith("LightningModule")
        for base in (*function.klass.base_qualnames, *function.klass.base_keys)
    ):
        return False  # Lightning runs validation/test/predict hooks under no_grad itself
    if any(is_autograd_use(facts, c) for c in function.calls) or sets_requires_grad(function):
        return False
    return _computes_metrics(facts, function)


def _is_unit_test(scope: Scope) -> bool:
    return scope.has_assert or any((c.method or "").startswith("assert") for c in scope.calls)


def _computes_metrics(facts: ModuleFacts, function: Scope) -> bool:
    for call in function.calls:
        if call.method in _METRIC_METHODS or loss_kind(facts, call) is not None:
            return True
        if (call.qualname or "").startswith(("sklearn.metrics.", "torchmetrics.")):
            return True
    return any(_METRIC_WORDS.intersection(words(last_name(key))) for key in function.bindings)


def _runs_without_grad(facts: ModuleFacts, function: Scope, depth: int) -> bool:
    """Whether every call site of `function` in this file runs with gradients disabled."""
    if function.kind != "function" or depth > _MAX_CALLER_DEPTH:
        return False
    if function.decorated_no_grad:
        return True
    sites = [c for c in facts.call_sites(function) if c.scope is not function]
    return bool(sites) and all(
        site.grad_disabled or _runs_without_grad(facts, site.scope, depth + 1) for site in sites
    )


_FIX = "Wrap it in `with torch.no_grad():` (or `torch.inference_mode()`)"


def _function_message(forward: str, function: str) -> str:
    return (
        f"`{forward}(...)` runs with gradients enabled in evaluation function `{function}`: "
        f"autograd records a graph for every batch, wasting memory and time, and holding every "
        f"batch's activations if outputs are kept (CUDA out of memory during validation). "
        f"{_FIX}, or decorate `{function}` with `@torch.no_grad()`."
    )


def _eval_mode_message(forward: str, model: str, eval_line: str) -> str:
    return (
        f"`{forward}(...)` runs after `{model}.eval()` ({eval_line}) with gradients enabled: "
        f"autograd records a graph that evaluation never uses, wasting memory and time (CUDA "
        f"out of memory on large inputs). {_FIX}."
    )
