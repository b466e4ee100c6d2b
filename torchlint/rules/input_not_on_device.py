"""TL015: the model is moved to a device but the batches that feed it are not."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from torchlint.analysis import torch_api
from torchlint.analysis.facts import Call, Loop, ModuleFacts, Scope
from torchlint.analysis.names import dotted, last_name
from torchlint.analysis.training import is_forward
from torchlint.findings import Severity
from torchlint.rules.base import Report, Rule

_LOOP_WRAPPERS = frozenset({"enumerate", "tqdm", "iter", "zip"})
_MOVES = frozenset({"to", "cuda"})
# Calls that may take a batch without moving it anywhere.
_HARMLESS = frozenset({"len", "print", "enumerate", "isinstance", "type", "range"})


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


def _models_moved(facts: ModuleFacts, scope: Scope) -> dict[str, Call]:
    """Keys sent to a non-CPU device in this scope (or in `__init__` for `self.` attributes)."""
    moved: dict[str, Call] = {}
    scopes = [scope]
    if scope.klass is not None and "__init__" in scope.klass.methods:
        scopes.append(scope.klass.methods["__init__"])
    for candidate in scopes:
        for call in candidate.calls:
            if call.method not in _MOVES or _targets_cpu(call):
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
    if not isinstance(node, cst.For):
        return set()
    iterable = node.iter
    while (
        isinstance(iterable, cst.Call) and dotted(iterable.func) in _LOOP_WRAPPERS and iterable.args
    ):
        iterable = iterable.args[0].value
    key = dotted(iterable)
    binding = facts.resolve(key, scope, loop.start) if key else None
    if binding is None or not isinstance(binding.value, cst.Call):
        return set()
    if facts.qualify(binding.value.func) not in torch_api.DATALOADER_CLASSES:
        return set()
    if any(
        arg.keyword is not None and arg.keyword.value == "collate_fn" for arg in binding.value.args
    ):
        return set()
    return {b.key for bindings in scope.bindings.values() for b in bindings if b.node is node}


def _unmoved_forwards(
    facts: ModuleFacts, scope: Scope, loop: Loop, batch_names: set[str], moved: dict[str, Call]
) -> Iterator[Report]:
    calls = [c for c in scope.calls if loop.contains(c.order)]
    if any(c.method in _MOVES for c in calls):
        return
    for forward in calls:
        model = forward.key
        if model not in moved or not batch_names.intersection(_roots(forward)):
            continue
        if not is_forward(facts, forward) or _prepared_before(
            scope, loop, calls, forward, batch_names
        ):
            continue
        move = moved[model]
        yield Report(
            forward.node,
            _message(model, facts.code(move.node), sorted(batch_names)),
            related=((move.node, f"`{model}` is moved here"),),
        )
        return


def _prepared_before(
    scope: Scope, loop: Loop, calls: list[Call], forward: Call, batch: set[str]
) -> bool:
    """A statement before the forward passes the batch to a helper that may move it."""
    bound = {
        id(b.value)
        for bindings in scope.bindings.values()
        for b in bindings
        if loop.contains(b.order) and b.order < forward.order
    }
    return any(
        c.order < forward.order
        and (c.discarded or id(c.node) in bound)
        and batch.intersection(_roots(c))
        and last_name(c.key or "") not in _HARMLESS
        for c in calls
    )


def _roots(call: Call) -> set[str]:
    """The names the call's arguments start from: `batch` for `batch["image"]` or `batch.x`."""
    roots = set()
    for arg in call.node.args:
        value = arg.value
        while isinstance(value, cst.Subscript | cst.Attribute):
            value = value.value
        if isinstance(value, cst.Name):
            roots.add(value.value)
    return roots


def _message(model: str, move: str, batch: list[str]) -> str:
    names = ", ".join(f"`{name}`" for name in batch)
    return (
        f"`{model}` is moved to a device (`{move}`) but the batch ({names}) is fed to it without "
        f'`.to(device)`: on a GPU the first step fails with "Expected all tensors to be on the '
        f'same device", and where it does not fail the data stays on the CPU. Move each batch '
        f"with `.to(device)` before the forward pass."
    )
