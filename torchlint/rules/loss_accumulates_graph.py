"""TL006: a loss tensor accumulated across training iterations keeps every iteration's graph."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

import libcst as cst

from torchlint.analysis.facts import Call, Loop, ModuleFacts, Scope
from torchlint.analysis.graphs import added_to, holds_graph, innermost, persists
from torchlint.analysis.names import mentions, root_name
from torchlint.analysis.training import backpropagated, is_backward
from torchlint.analysis.values import values_of
from torchlint.findings import Severity
from torchlint.rules.base import Report, Rule
from torchlint.rules.fixes import loss_accumulates_graph as fixes


class LossAccumulatesGraph(Rule):
    code = "TL006"
    name = "loss-accumulates-graph"
    severity = Severity.WARNING
    summary = (
        "A loss tensor is accumulated across iterations, keeping every graph alive (memory leak)."
    )

    def check(self, facts: ModuleFacts) -> Iterator[Report]:
        for scope in facts.scopes:
            backwards = [c for c in scope.calls if c.loops and _runs_backward(facts, c)]
            loops = [loop for loop in scope.loops if any(loop.contains(b.order) for b in backwards)]
            if loops:
                yield from self._accumulations(facts, scope, loops, backwards)

    def _accumulations(
        self, facts: ModuleFacts, scope: Scope, loops: list[Loop], backwards: list[Call]
    ) -> Iterator[Report]:
        reported: set[str] = set()
        for key, bindings in scope.bindings.items():
            accumulator = key.removesuffix("[]")
            for binding in bindings:
                loop = innermost(loops, binding.order)
                added = added_to(key, binding)
                if (
                    added is not None
                    and loop is not None
                    and accumulator not in reported
                    and not binding.grad_disabled
                    and persists(scope, accumulator, loop)
                    and not _backpropagated(accumulator, backwards)
                    and (attached := _attached(facts, added, scope, binding.order, loop, backwards))
                ):
                    reported.add(accumulator)
                    statement = facts.code(binding.node).strip()
                    value = facts.code(added)
                    fix = None
                    if attached == value:
                        fix = partial(fixes.fix, facts, scope, accumulator, added, False)
                    message, help_text = _message(f"`{statement}`", accumulator, value, attached)
                    yield Report(binding.node, message, help=help_text, fix=fix)
        values = values_of(facts)
        for call in scope.calls:
            loop = innermost(loops, call.order)
            receiver = call.receiver_key
            callee = values.callee_summary(call) if call.method not in (None, "append") else None
            if callee is not None and loop is not None and receiver not in reported:
                summary, bound = callee
                arguments = values.arguments(summary, bound, call.node)
                kept = [arguments[i] for i in summary.accumulates if i in arguments]
                if (
                    receiver is not None
                    and not call.grad_disabled
                    and any(holds_graph(facts, value, scope, call.order) for value in kept)
                    and persists(scope, receiver, loop)
                ):
                    reported.add(receiver)
                    value = facts.code(kept[0])
                    statement = f"`{facts.code(call.node)}`"
                    message, help_text = _message(statement, receiver, value)
                    yield Report(call.node, message, help=help_text)
                continue
            appended = call.positional(0)
            if (
                call.method == "append"
                and loop is not None
                and receiver is not None
                and receiver not in reported
                and appended is not None
                and not call.grad_disabled
                and persists(scope, receiver, loop)
                and not any(b.order > loop.end for b in backwards)
                and (attached := _attached(facts, appended, scope, call.order, loop, backwards))
            ):
                reported.add(receiver)
                value = facts.code(appended)
                statement = f"`{receiver}.append({value})`"
                fix = None
                if attached == value:
                    fix = partial(fixes.fix, facts, scope, receiver, appended, True)
                message, help_text = _message(statement, receiver, value, attached)
                yield Report(call.node, message, help=help_text, fix=fix)


def _attached(
    facts: ModuleFacts,
    expr: cst.BaseExpression,
    scope: Scope,
    order: int,
    loop: Loop,
    backwards: list[Call],
) -> str | None:
    """The part of `expr` attached to the graph: a loss tensor, or what this iteration
    backpropagates through (`out["loss"]` of `out`, after `out["loss"].backward()` or
    `update(out["loss"])`, a helper that runs backward on it)."""
    kept = facts.code(expr)
    if holds_graph(facts, expr, scope, order):
        return kept
    root = _root(expr)
    live = facts.resolve(root, scope, order) if root is not None else None
    if live is None or not loop.contains(live.order):
        return None
    for call in backwards:
        if not loop.contains(call.order):
            continue
        for differentiated in _differentiated(facts, call):
            if _root(differentiated) != root or facts.resolve(root, scope, call.order) is not live:
                continue
            text = facts.code(differentiated)
            if text == kept or text.startswith((kept + "[", kept + ".")):
                return text
    return None


def _differentiated(facts: ModuleFacts, call: Call) -> list[cst.BaseExpression]:
    """What `call` runs backward on, itself or in the function it calls."""
    direct = backpropagated(facts, call)
    if direct is not None:
        return [direct]
    values = values_of(facts)
    callee = values.callee_summary(call)
    if callee is None or not callee[0].backpropagates:
        return []
    arguments = values.arguments(callee[0], callee[1], call.node)
    return [arguments[i] for i in sorted(callee[0].backpropagates) if i in arguments]


def _root(expr: cst.BaseExpression) -> str | None:
    root = root_name(expr)
    return root if root != "self" else None


def _runs_backward(facts: ModuleFacts, call: Call) -> bool:
    """`loss.backward()`, or a call of a function that runs it (a one-step update helper)."""
    if is_backward(facts, call):
        return True
    callee = values_of(facts).callee_summary(call)
    return callee is not None and callee[0].backward


def _backpropagated(key: str, backwards: list[Call]) -> bool:
    """`total.backward()` later: the sum is the loss on purpose, not a running statistic."""
    for call in backwards:
        receiver = call.receiver
        if receiver is not None and mentions(receiver, key):
            return True
        if any(mentions(arg.value, key) for arg in call.node.args):
            return True
    return False


def _message(
    statement: str, accumulator: str, value: str, attached: str | None = None
) -> tuple[str, str]:
    attached = attached or value
    what = f"`{value}` is attached to the graph"
    if attached != value:
        what = f"`{value}` holds `{attached}`, which this iteration backpropagates through"
    return (
        f"{statement} keeps every iteration's autograd graph alive: {what}",
        f"Accumulate `{attached}.item()` (or `.detach()`) instead: `{accumulator}` holds every "
        f"graph, and memory grows every step until the GPU runs out.",
    )
