"""Where batches go: which tensors a loop moves to a device before the model sees them."""

from __future__ import annotations

import re

import libcst as cst

from torchlint.analysis.facts import Call, Loop, ModuleFacts, Scope
from torchlint.analysis.names import dotted, last_name
from torchlint.analysis.training import is_forward, unwrapped

MOVES = frozenset({"to", "cuda"})
# `x.type(torch.cuda.FloatTensor)`, or `x.type(Tensor)` with `Tensor` chosen by `cuda` (old GAN
# code): a move unless the argument names a CPU tensor type or a dtype.
# A bare name (`LongTensor`) is the script's own alias, usually chosen by `cuda`.
_CPU_TYPE = re.compile(r"^torch\.(?:\w+Tensor|float\d*|int\d*|long|double|half|bool|uint8)$")
# Calls that may take a batch without moving it anywhere.
_HARMLESS = frozenset({"len", "print", "enumerate", "isinstance", "type", "range"})


def unmoved_forward(
    facts: ModuleFacts, scope: Scope, loop: Loop, batch_names: set[str], models: set[str]
) -> Call | None:
    """The first forward pass of one of `models` in `loop` fed a batch that was never moved."""
    calls = [c for c in scope.calls if loop.contains(c.order)]
    dropped = {id(c) for c in dropped_moves(scope, loop, batch_names)}
    moves = [c for c in calls if moves_batch(c) and id(c) not in dropped]
    if any((c.receiver_key or "").split(".")[0] not in batch_names for c in moves):
        return None  # `{k: v.to(device) ...}`: moved in a way not followed here
    for forward in calls:
        fed = batch_names.intersection(_roots(forward))
        moved_before = {
            (c.receiver_key or "").split(".")[0] for c in moves if c.order < forward.order
        }
        if forward.key not in models or not fed - moved_before:
            continue
        if is_forward(facts, forward) and not _prepared_before(
            scope, loop, calls, forward, batch_names
        ):
            return forward
    return None


def moves_batch(call: Call) -> bool:
    if call.method in MOVES:
        return True
    if call.method != "type" or not call.node.args:
        return False
    spec = call.node.args[0].value
    text = spec.raw_value if isinstance(spec, cst.SimpleString) else dotted(spec) or ""
    return not _CPU_TYPE.match(text)


def dropped_moves(scope: Scope, loop: Loop, batch_names: set[str]) -> list[Call]:
    """`x.to(device)` as a statement of its own: tensors are not moved in place."""
    return [
        c
        for c in scope.calls
        if loop.contains(c.order)
        and c.discarded
        and moves_batch(c)
        and (c.receiver_key or "").split(".")[0] in batch_names
    ]


def unmoved_batches_of_parameters(
    facts: ModuleFacts, function: Scope
) -> list[tuple[int, int, Call]]:
    """(model parameter, loader parameter, forward) where a loop over the loader parameter feeds
    its batches, never moved, to the model parameter: decided by the callers."""
    found = []
    params = function.params
    for loop in function.loops:
        node = loop.node
        if not isinstance(node, cst.For):
            continue
        loader = dotted(unwrapped(node.iter))
        if loader not in params:
            continue
        batch_names = {b.key for bs in function.bindings.values() for b in bs if b.node is node}
        models = {p for p in params if p != "self" and p != loader}
        forward = unmoved_forward(facts, function, loop, batch_names, models)
        if forward is not None:
            found.append((params.index(forward.key or ""), params.index(loader), forward))
    return found


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
