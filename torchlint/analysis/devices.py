"""Where batches go: which tensors a loop moves to a device before the model sees them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import libcst as cst

from torchlint.analysis.facts import Call, Loop, ModuleFacts, Scope
from torchlint.analysis.names import dotted, last_name, root_name
from torchlint.analysis.training import is_forward, unwrapped
from torchlint.analysis.values import Origin, UnmovedInput, stored_parameters, values_of

MOVES = frozenset({"to", "cuda"})
# `x.type(torch.cuda.FloatTensor)`, or `x.type(Tensor)` with `Tensor` chosen by `cuda` (old GAN
# code): a move unless the argument names a CPU tensor type or a dtype.
# A bare name (`LongTensor`) is the script's own alias, usually chosen by `cuda`.
_CPU_TYPE = re.compile(r"^torch\.(?:\w+Tensor|float\d*|int\d*|long|double|half|bool|uint8)$")
# Calls that may take a batch without moving it anywhere.
_HARMLESS = frozenset({"len", "print", "enumerate", "isinstance", "type", "range"})


@dataclass(frozen=True)
class Feed:
    """A call that feeds a batch to `model`: its forward pass, or a helper that runs one on the
    batch it is given (`via`: what the helper's summary says)."""

    call: Call
    model: str
    via: UnmovedInput | None = None


def unmoved_forward(
    facts: ModuleFacts,
    scope: Scope,
    span: Loop | Scope,
    batch_names: set[str],
    models: set[str],
) -> Feed | None:
    """The first call in `span` (a loop, or a whole function) that feeds one of `models` a
    batch never moved: a forward pass, or a helper that feeds the batch it is given."""
    calls = [c for c in scope.calls if span.contains(c.order)]
    dropped = {id(c) for c in dropped_moves(scope, span, batch_names)}
    moves = [c for c in calls if moves_batch(c) and id(c) not in dropped]
    moved_parts = [_part(c.receiver) for c in moves if c.receiver is not None]
    if len(moved_parts) < len(moves) or any(
        part is None or part[0] not in batch_names for part in moved_parts
    ):
        return None  # `{k: v.to(device) ...}`: moved in a way not followed here
    for call in calls:
        for feed, parts in _feeds(facts, call, models):
            moved_before = [
                part
                for c, part in zip(moves, moved_parts, strict=True)
                if part is not None and c.order < call.order
            ]
            fed = [part for part in parts if part[0] in batch_names]
            if any(_unmoved(part, moved_before) for part in fed) and not _prepared_before(
                scope, span, calls, call, batch_names
            ):
                return feed
    return None


def _feeds(
    facts: ModuleFacts, call: Call, models: set[str]
) -> Iterator[tuple[Feed, list[tuple[str, ...]]]]:
    """How `call` feeds one of `models`, with the parts of the batch it passes."""
    if call.key is not None and call.key in models and is_forward(facts, call):
        yield Feed(call, call.key), _fed_parts(call)
    if not any(dotted(arg.value) in models for arg in call.node.args):
        return
    values = values_of(facts)
    callee = values.callee_summary(call)
    if callee is None:
        return
    summary, bound = callee
    arguments = values.arguments(summary, bound, call.node)
    for unmoved in summary.unmoved_inputs:
        model = dotted(arguments[unmoved.model]) if unmoved.model in arguments else None
        batch = _part(arguments[unmoved.batch]) if unmoved.batch in arguments else None
        if model is not None and model in models and batch is not None:
            yield Feed(call, model, unmoved), [batch]


def _part(expr: cst.BaseExpression) -> tuple[str, ...] | None:
    """`batch["labels"]` -> ("batch", "labels"), `x` -> ("x",), `batch.x` -> ("batch", "x"); an
    index that is not a literal ends the path with "*" (some entry)."""
    if isinstance(expr, cst.Name):
        return (expr.value,)
    if isinstance(expr, cst.Attribute):
        owner = _part(expr.value)
        return (*owner, expr.attr.value) if owner is not None else None
    if isinstance(expr, cst.Subscript):
        owner = _part(expr.value)
        if owner is None:
            return None
        if owner[-1] == "*":
            return owner
        index = expr.slice[0].slice if len(expr.slice) == 1 else None
        key = index.value if isinstance(index, cst.Index) else None
        if isinstance(key, cst.SimpleString):
            return (*owner, str(key.evaluated_value))
        if isinstance(key, cst.Integer):
            return (*owner, key.value)
        return (*owner, "*")
    return None


def _fed_parts(call: Call) -> list[tuple[str, ...]]:
    """The part of the batch passed as the model's input: its first argument (`**batch` passes
    some entries of it). Later arguments may stay on the CPU on purpose: the `lengths` of
    `model(tokens, lengths)` must, for `pack_padded_sequence`."""
    parts = []
    for arg in call.node.args[:1]:
        part = _part(arg.value)
        if part is not None:
            parts.append((*part, "*") if arg.star else part)
    return parts


def _unmoved(part: tuple[str, ...], moved: list[tuple[str, ...]]) -> bool:
    """No move may cover `part`: not all of it (`x.to(device)`), not a whole it is in
    (`batch.to(device)`), not an entry it holds, nor an entry that may be it (`batch[k]`)."""
    return not any(
        all(a == b or "*" in (a, b) for a, b in zip(part, other, strict=False)) for other in moved
    )


def moves_batch(call: Call) -> bool:
    if call.method in MOVES:
        return True
    if call.method != "type" or not call.node.args:
        return False
    spec = call.node.args[0].value
    text = spec.raw_value if isinstance(spec, cst.SimpleString) else dotted(spec) or ""
    return not _CPU_TYPE.match(text)


def dropped_moves(scope: Scope, span: Loop | Scope, batch_names: set[str]) -> list[Call]:
    """`x.to(device)` as a statement of its own: tensors are not moved in place."""
    return [
        c
        for c in scope.calls
        if span.contains(c.order)
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
        loader = dotted(loop_source(facts, function, loop))
        if loader not in params:
            continue
        batch_names = {b.key for bs in function.bindings.values() for b in bs if b.node is node}
        models = {p for p in params if p != "self" and p != loader}
        feed = unmoved_forward(facts, function, loop, batch_names, models)
        if feed is not None:
            found.append((params.index(feed.model), params.index(loader), feed.call))
    if function.name == "__init__" and function.klass is not None:
        found += _unmoved_batches_of_attributes(facts, function)
    return found


def _unmoved_batches_of_attributes(facts: ModuleFacts, init: Scope) -> list[tuple[int, int, Call]]:
    """A trainer's `__init__` keeps a model and a loader it is given (`self.model = model`), and
    a method's loop over `self.loader` feeds its batches, never moved, to `self.model`: in terms
    of `__init__`'s parameters, decided by the constructor calls."""
    klass = init.klass
    kept = dict(stored_parameters(init))  # `self.model` -> the index of the parameter it holds
    found = []
    for method in klass.methods.values() if klass is not None and kept else ():
        if method is init:
            continue
        for loop in method.loops:
            node = loop.node
            if not isinstance(node, cst.For):
                continue
            loader = dotted(loop_source(facts, method, loop))
            if loader not in kept:
                continue
            batch_names = {b.key for bs in method.bindings.values() for b in bs if b.node is node}
            models = set(kept) - {loader}
            feed = unmoved_forward(facts, method, loop, batch_names, models)
            if feed is not None:
                found.append((kept[feed.model], kept[loader], feed.call))
    return found


def unmoved_inputs_of_parameters(facts: ModuleFacts, function: Scope) -> Iterator[UnmovedInput]:
    """Where the function feeds (a part of) the batch it is given, never moved, to the model it
    is given: `train_step(model, batch)` that unpacks `images, labels = batch` and drops the
    result of `images.to(device)`. Whether the batch was moved before the call is for the
    callers to say."""
    params = function.params
    # Each parameter's search below looks at every call: only those some call feeds to another
    # parameter (the model) are searched.
    everything = {p for p in params if p != "self"}
    feeds = [
        (feed.model, parts)
        for call in function.calls
        for feed, parts in _feeds(facts, call, everything)
    ]
    for batch in params if feeds else ():
        if batch == "self":
            continue
        names = {batch} | _unpacked_from(function, batch)
        if not any(model != batch and any(p[0] in names for p in parts) for model, parts in feeds):
            continue
        models = {p for p in params if p not in ("self", batch)}
        feed = unmoved_forward(facts, function, function, names, models)
        if feed is not None:
            dropped = dropped_moves(function, function, names)
            yield UnmovedInput(
                params.index(feed.model),
                params.index(batch),
                Origin(feed.call.node),
                Origin(dropped[0].node) if dropped else None,
            )


def _unpacked_from(function: Scope, name: str) -> set[str]:
    """The names `a, b = name` binds."""
    return {
        b.key
        for bindings in function.bindings.values()
        for b in bindings
        if b.unpack is not None
        and b.unpacks_origin
        and b.origin is not None
        and dotted(b.origin) == name
    }


def loop_source(facts: ModuleFacts, scope: Scope, loop: Loop) -> cst.BaseExpression:
    """What a `for` loop iterates, through wrappers: `enumerate(tqdm(loader))` -> `loader`, and
    `bar = tqdm(loader)` ... `for x, y in bar` -> `loader`."""
    iterable = unwrapped(loop.node.iter)  # type: ignore[attr-defined]
    if isinstance(iterable, cst.Name):
        binding = facts.resolve(iterable.value, scope, loop.start)
        wrapper = binding.value if binding is not None and binding.unpack is None else None
        if isinstance(wrapper, cst.Call) and unwrapped(wrapper) is not wrapper:
            return unwrapped(wrapper)
    return iterable


def _prepared_before(
    scope: Scope, span: Loop | Scope, calls: list[Call], forward: Call, batch: set[str]
) -> bool:
    """A statement before the forward passes the batch to a helper that may move it."""
    bound = {
        id(b.value)
        for bindings in scope.bindings.values()
        for b in bindings
        if span.contains(b.order) and b.order < forward.order
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
    return {root for arg in call.node.args if (root := root_name(arg.value)) is not None}
