"""TL006: a loss tensor accumulated across training iterations keeps every iteration's graph."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from torchlint.analysis import torch_api
from torchlint.analysis.facts import Binding, Call, Loop, ModuleFacts, Scope
from torchlint.analysis.names import dotted, last_name, mentions, words
from torchlint.analysis.training import is_backward
from torchlint.analysis.values import TensorValue, values_of
from torchlint.findings import Severity
from torchlint.rules.base import Report, Rule

# Methods and functions whose result no longer holds the autograd graph.
_GRAPH_FREE_METHODS = frozenset({"item", "detach", "tolist", "numpy", "detach_"})
_GRAPH_FREE_FUNCTIONS = frozenset({"float", "int", "round"})
# Tensor methods whose result is still attached to the graph of their receiver.
_GRAPH_KEEPING_METHODS = frozenset(
    "cpu cuda to float double half mean sum view reshape squeeze unsqueeze clone abs".split()
)
_LOSS_WORDS = frozenset({"loss", "criterion"})
_MAX_DEPTH = 4


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
                loop = _innermost(loops, binding.order)
                added = _added(key, binding)
                if (
                    added is not None
                    and loop is not None
                    and accumulator not in reported
                    and not binding.grad_disabled
                    and _holds_graph(facts, added, scope, binding.order, 0)
                    and _persists(scope, accumulator, loop)
                    and not _backpropagated(accumulator, backwards)
                ):
                    reported.add(accumulator)
                    statement = facts.code(binding.node).strip()
                    value = facts.code(added)
                    yield Report(binding.node, _message(f"`{statement}`", accumulator, value))
        values = values_of(facts)
        for call in scope.calls:
            loop = _innermost(loops, call.order)
            receiver = call.receiver_key
            callee = values.callee_summary(call) if call.method not in (None, "append") else None
            if callee is not None and loop is not None and receiver not in reported:
                summary, bound = callee
                arguments = values.arguments(summary, bound, call.node)
                kept = [arguments[i] for i in summary.accumulates if i in arguments]
                if (
                    receiver is not None
                    and not call.grad_disabled
                    and any(_holds_graph(facts, value, scope, call.order, 0) for value in kept)
                    and _persists(scope, receiver, loop)
                ):
                    reported.add(receiver)
                    value = facts.code(kept[0])
                    statement = f"`{facts.code(call.node)}`"
                    yield Report(call.node, _message(statement, receiver, value))
                continue
            appended = call.positional(0)
            if (
                call.method == "append"
                and loop is not None
                and receiver is not None
                and receiver not in reported
                and appended is not None
                and not call.grad_disabled
                and _holds_graph(facts, appended, scope, call.order, 0)
                and _persists(scope, receiver, loop)
                and not any(b.order > loop.end for b in backwards)
            ):
                reported.add(receiver)
                value = facts.code(appended)
                yield Report(call.node, _message(f"`{receiver}.append({value})`", receiver, value))


def _added(key: str, binding: Binding) -> cst.BaseExpression | None:
    """What `binding` adds to `key`: `total += loss`, `total = total + loss`."""
    if binding.augmented:
        return binding.value
    value = binding.value
    if isinstance(value, cst.BinaryOperation) and isinstance(value.operator, cst.Add):
        if dotted(value.left) == key:
            return value.right
        if dotted(value.right) == key:
            return value.left
    return None


def _runs_backward(facts: ModuleFacts, call: Call) -> bool:
    """`loss.backward()`, or a call of a function that runs it (a one-step update helper)."""
    if is_backward(facts, call):
        return True
    callee = values_of(facts).callee_summary(call)
    return callee is not None and callee[0].backward


def _innermost(loops: list[Loop], order: int) -> Loop | None:
    containing = [loop for loop in loops if loop.contains(order)]
    return max(containing, key=lambda loop: loop.start, default=None)


def _holds_graph(
    facts: ModuleFacts, expr: cst.BaseExpression | None, scope: Scope, order: int, depth: int
) -> bool:
    """Whether `expr` is a loss tensor still attached to the autograd graph."""
    if expr is None or depth > _MAX_DEPTH:
        return False
    if isinstance(expr, cst.BinaryOperation):
        return any(
            _holds_graph(facts, side, scope, order, depth + 1) for side in (expr.left, expr.right)
        )
    if isinstance(expr, cst.Dict):  # `outputs.append({"loss": loss, "acc": acc})`
        return any(
            isinstance(e, cst.DictElement) and _holds_graph(facts, e.value, scope, order, depth + 1)
            for e in expr.elements
        )
    if isinstance(expr, cst.Tuple | cst.List):
        return any(_holds_graph(facts, e.value, scope, order, depth + 1) for e in expr.elements)
    if isinstance(expr, cst.Attribute) and expr.attr.value == "loss":
        return _is_call_result(facts, expr.value, scope, order)  # `model(**batch).loss`
    if isinstance(expr, cst.Call):
        func = expr.func
        if isinstance(func, cst.Attribute) and func.attr.value in _GRAPH_FREE_METHODS:
            return False
        if isinstance(func, cst.Attribute) and func.attr.value in _GRAPH_KEEPING_METHODS:
            return _holds_graph(facts, func.value, scope, order, depth + 1)
        if dotted(func) in _GRAPH_FREE_FUNCTIONS:
            return False
        if torch_api.loss_function_kind(facts.qualify(func)) is not None:
            return True
        if isinstance(func, cst.Call):
            return torch_api.loss_class_kind(facts.qualify(func.func)) is not None
        returned = values_of(facts).value_of(expr, scope, order)
        if isinstance(returned, TensorValue) and returned.loss is not None:
            return True  # `loss = train_step(...)`: a helper that returns the loss tensor
        key = dotted(func)
        if key is None:
            return False
        binding = facts.resolve(key, scope, order)
        if binding is not None and isinstance(binding.value, cst.Call):
            return torch_api.loss_class_kind(facts.qualify(binding.value.func)) is not None
        # `criterion(out, y)`, `loss_fn(...)`, `compute_loss(...)` defined out of sight.
        return bool(_LOSS_WORDS.intersection(words(last_name(key))))
    key = dotted(expr)
    if key is None:
        return False
    binding = facts.resolve(key, scope, order)
    if binding is None or binding.grad_disabled:
        return False
    if binding.value is None:  # `loss, parts = compute_loss(...)`: what the helper returns
        value = values_of(facts).value_of(expr, scope, order)
        return isinstance(value, TensorValue) and value.loss is not None
    return _holds_graph(facts, binding.value, binding.scope, binding.order, depth + 1)


def _is_call_result(facts: ModuleFacts, expr: cst.BaseExpression, scope: Scope, order: int) -> bool:
    if isinstance(expr, cst.Call):
        return True
    key = dotted(expr)
    binding = facts.resolve(key, scope, order) if key else None
    return binding is not None and isinstance(binding.value, cst.Call)


def _persists(scope: Scope, key: str, loop: Loop) -> bool:
    """Initialised before the loop (or an attribute of `self`) and not re-initialised inside it."""
    plain = [b for b in scope.bindings_of(key) if _added(key, b) is None]
    if any(loop.contains(b.order) for b in plain):
        return False
    return key.startswith("self.") or any(b.order < loop.start for b in plain)


def _backpropagated(key: str, backwards: list[Call]) -> bool:
    """`total.backward()` later: the sum is the loss on purpose, not a running statistic."""
    for call in backwards:
        receiver = call.receiver
        if receiver is not None and mentions(receiver, key):
            return True
        if any(mentions(arg.value, key) for arg in call.node.args):
            return True
    return False


def _message(statement: str, accumulator: str, value: str) -> str:
    return (
        f"{statement} keeps every iteration's autograd graph alive: `{value}` is a tensor attached "
        f"to the graph, so `{accumulator}` holds all of them and memory grows every step until "
        f"the GPU runs out. Accumulate `{value}.item()` (or `.detach()`) instead."
    )
