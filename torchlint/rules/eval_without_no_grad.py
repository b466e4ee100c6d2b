"""TL004: evaluation runs forward passes with autograd recording a graph."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from torchlint.analysis import torch_api
from torchlint.analysis.facts import Call, ModuleFacts, Scope
from torchlint.analysis.names import dotted, words
from torchlint.analysis.training import (
    is_autograd_use,
    is_evaluation_function,
    is_forward,
    is_unit_test,
    sets_requires_grad,
    switches_to_eval,
)
from torchlint.analysis.values import values_of
from torchlint.findings import Severity
from torchlint.rules.base import Report, Rule

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
            evaluates = scope.kind == "function" and is_evaluation_function(facts, scope)
            if evaluates and not values_of(facts).function_summary(scope).no_grad:
                forward = _first_forward_with_grad(facts, scope.calls)
                if forward is not None and not _runs_without_grad(facts, scope, 0):
                    yield Report(
                        forward.node,
                        _function_message(facts.code(forward.node.func), scope.name),
                        # Callers in other modules of the project may disable gradients.
                        unless_called_without_grad=scope.name
                        if scope.parent is facts.module_scope and not facts.call_sites(scope)
                        else None,
                    )
            elif not is_unit_test(scope):
                reported = set()
                for report in (
                    *self._after_eval_mode(facts, scope),
                    *_evaluation_loops(facts, scope),
                ):
                    if id(report.node) not in reported:
                        reported.add(id(report.node))
                        yield report

    def _after_eval_mode(self, facts: ModuleFacts, scope: Scope) -> Iterator[Report]:
        for switch in scope.calls:
            model = switch.mode_target
            if model is None or not switches_to_eval(switch):
                continue
            end = min(
                (
                    c.order
                    for c in scope.calls
                    if c.order > switch.order
                    and c.mode_target == model
                    and c.method == "train"
                    and not switches_to_eval(c)
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


def _evaluation_loops(facts: ModuleFacts, scope: Scope) -> Iterator[Report]:
    """`for x, y in val_loader: model(x)` with gradients on, e.g. a check every N steps."""
    if scope.kind != "function" or values_of(facts).function_summary(scope).no_grad:
        return
    for loop in scope.loops:
        if not isinstance(loop.node, cst.For) or not _iterates_evaluation_data(loop.node.iter):
            continue
        calls = [c for c in scope.calls if loop.contains(c.order)]
        if any(is_autograd_use(facts, c) for c in calls):
            continue
        forward = _first_forward_with_grad(facts, calls)
        if forward is not None and not _runs_without_grad(facts, scope, 0):
            name = facts.code(loop.node.iter)
            yield Report(forward.node, _loop_message(facts.code(forward.node.func), name))


def _iterates_evaluation_data(iterable: cst.BaseExpression) -> bool:
    while isinstance(iterable, cst.Call) and iterable.args:  # enumerate(val_loader), tqdm(...)
        iterable = iterable.args[0].value
    key = dotted(iterable)
    if key is None:
        return False
    parts = [w for part in key.split(".") for w in words(part)]
    return bool(torch_api.EVAL_SPLIT_WORDS.intersection(parts)) and not _TRAIN_WORDS.intersection(
        parts
    )


_TRAIN_WORDS = frozenset({"train", "training"})


def _first_forward_with_grad(facts: ModuleFacts, calls: list[Call]) -> Call | None:
    for call in calls:
        if not call.grad_disabled and is_forward(facts, call):
            return call
    return None


def _runs_without_grad(facts: ModuleFacts, function: Scope, depth: int) -> bool:
    """Whether every call site of `function` in this file runs with gradients disabled."""
    if function.kind != "function" or depth > _MAX_CALLER_DEPTH:
        return False
    if values_of(facts).function_summary(function).no_grad:
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


def _loop_message(forward: str, data: str) -> str:
    return (
        f"`{forward}(...)` runs over evaluation data (`{data}`) with gradients enabled: "
        f"autograd records a graph for every batch that is never used, wasting memory and time "
        f"(CUDA out of memory during validation when outputs are kept). {_FIX}."
    )


def _forward_of(call: Call) -> str | None:
    return call.receiver_key if call.method == "forward" else call.key
