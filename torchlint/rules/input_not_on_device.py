"""TL015: the model is moved to a device but the batches that feed it are not."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from torchlint.analysis.devices import MOVES, dropped_moves, loop_source, unmoved_forward
from torchlint.analysis.facts import Call, Loop, ModuleFacts, Scope
from torchlint.analysis.names import dotted
from torchlint.analysis.values import (
    ClassValue,
    FunctionSummary,
    FunctionValue,
    LoaderValue,
    Origin,
    UnmovedInput,
    summary_run_by_calling,
    values_of,
)
from torchlint.findings import Severity
from torchlint.rules.base import Report, Rule


class InputNotOnDevice(Rule):
    code = "TL015"
    name = "input-not-on-device"
    severity = Severity.ERROR
    summary = "The model is moved to a device but the batches in the loop that feeds it are not."

    def check(self, facts: ModuleFacts) -> Iterator[Report]:
        for scope in facts.scopes:
            moved = _models_moved(facts, scope)
            if not moved:
                continue
            for loop in scope.loops:
                batch_names = _batches_from_dataloader(facts, scope, loop)
                if batch_names:
                    yield from _unmoved_forwards(facts, scope, loop, batch_names, moved)
            yield from _helpers_fed_unmoved(facts, scope, moved)


def _helpers_fed_unmoved(
    facts: ModuleFacts, scope: Scope, moved: dict[str, Call]
) -> Iterator[Report]:
    """`train_one_epoch(model, loader)` (any module) whose loop feeds unmoved batches to the model
    this scope moved to a device."""
    values = values_of(facts)
    for call in scope.calls:
        callee = _called(facts, call)
        if callee is None or not callee[0].unmoved_batches:
            continue
        summary, bound, name = callee
        arguments = values.arguments(summary, bound, call.node)
        for model_index, loader_index, origin in summary.unmoved_batches:
            model = dotted(arguments[model_index]) if model_index in arguments else None
            loader = arguments.get(loader_index)
            if model not in moved or loader is None:
                continue
            if not _is_plain_dataloader(facts, loader, scope, call.order):
                continue
            move = moved[model]
            message = _helper_message(model, name, origin.describe(facts))
            yield Report(
                call.node, message, related=((move.node, f"`{model}` is moved here"),), help=_FIX
            )
            break


def _called(facts: ModuleFacts, call: Call) -> tuple[FunctionSummary, bool, str] | None:
    """The summary of the function `call` runs, whether it is bound, and its name; for a class,
    its `__init__` (a trainer built with the model and the loader)."""
    callee = values_of(facts).value_of(call.node.func, call.scope, call.order)
    summary = summary_run_by_calling(callee)
    if summary is None:
        return None
    if isinstance(callee, ClassValue):
        return summary, True, callee.name
    return summary, isinstance(callee, FunctionValue) and callee.bound is not None, summary.name


def _models_moved(facts: ModuleFacts, scope: Scope) -> dict[str, Call]:
    """Keys sent to a non-CPU device in this scope (or in `__init__` for `self.` attributes)."""
    moved: dict[str, Call] = {}
    scopes = [scope]
    if scope.klass is not None and "__init__" in scope.klass.methods:
        scopes.append(scope.klass.methods["__init__"])
    for candidate in scopes:
        for call in candidate.calls:
            if call.method not in MOVES or _targets_cpu(call):
                continue
            key = _assigned_key(candidate, call) or call.receiver_key
            if key is not None:
                moved.setdefault(key, call)
    return moved


def _targets_cpu(call: Call) -> bool:
    device = call.argument(0, "device")
    if device is None:
        return call.method == "to"  # `.to(dtype=...)`, `.to()`
    text = device.value if isinstance(device, cst.SimpleString) else ""
    return "cpu" in text


def _assigned_key(scope: Scope, call: Call) -> str | None:
    """`model = Net().to(device)`: the name the moved module is bound to."""
    for bindings in scope.bindings.values():
        for binding in bindings:
            if binding.value is call.node:
                return binding.key
    return None


def _batches_from_dataloader(facts: ModuleFacts, scope: Scope, loop: Loop) -> set[str]:
    """Names a `for` loop binds from a DataLoader built in this file without a custom collate_fn."""
    node = loop.node
    if not isinstance(node, cst.For) or not _is_plain_dataloader(
        facts, loop_source(facts, scope, loop), scope, loop.start
    ):
        return set()
    return {b.key for bindings in scope.bindings.values() for b in bindings if b.node is node}


def _is_plain_dataloader(
    facts: ModuleFacts, expr: cst.BaseExpression, scope: Scope, order: int
) -> bool:
    """A DataLoader whose batches come out on the CPU: built without a `collate_fn`, or with
    one of the project that moves nothing; here, or returned by a helper of any module."""
    value = values_of(facts).value_of(expr, scope, order)
    return isinstance(value, LoaderValue) and value.cpu_batches


def _unmoved_forwards(
    facts: ModuleFacts, scope: Scope, loop: Loop, batch_names: set[str], moved: dict[str, Call]
) -> Iterator[Report]:
    feed = unmoved_forward(facts, scope, loop, batch_names, set(moved))
    if feed is None:
        return
    model = feed.model
    move = moved[model]
    related: list[tuple[cst.CSTNode | Origin, str]] = [(move.node, f"`{model}` is moved here")]
    if feed.via is None:
        dropped = dropped_moves(scope, loop, batch_names)
        message = _message(model, sorted(batch_names), dropped)
    else:
        helper = facts.code(feed.call.node.func)
        message = _fed_by_helper_message(model, helper, feed.via, facts)
        related.append((feed.via.forward, "the batch reaches the model here, unmoved"))
        if feed.via.dropped is not None:
            related.append((feed.via.dropped, "the moved copy is dropped here"))
    yield Report(feed.call.node, message, related=tuple(related), help=_FIX)


_FIX = (
    "Move each batch with `x = x.to(device)` before the forward pass: on a GPU the first step "
    'fails with "Expected all tensors to be on the same device", or the data stays on the CPU.'
)


def _helper_message(model: str, helper: str, where: str) -> str:
    return (
        f"`{model}` is moved to a device but `{helper}` ({where}) feeds it the batches "
        f"of this loader without `.to(device)`"
    )


def _fed_by_helper_message(
    model: str, helper: str, unmoved: UnmovedInput, facts: ModuleFacts
) -> str:
    # Where the moved copy is dropped is a related note.
    dropped = ": `.to(...)` returns a moved copy, and it is dropped" if unmoved.dropped else ""
    return (
        f"`{model}` is moved to a device but `{helper}` feeds it a batch of this "
        f"loader that was never moved ({unmoved.forward.describe(facts)}){dropped}"
    )


def _message(model: str, batch: list[str], dropped: list[Call] | None = None) -> str:
    names = ", ".join(f"`{name}`" for name in batch)
    how = "without `.to(device)`"
    if dropped:
        how = "unmoved (`tensor.to(device)` returns a moved copy, and its result is dropped here)"
    return f"`{model}` is moved to a device but the batch ({names}) is fed to it {how}"
