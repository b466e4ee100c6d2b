"""Which values hold an autograd graph, and which of them a loop keeps past its iteration."""

from __future__ import annotations

import libcst as cst

from torchlint.analysis import torch_api
from torchlint.analysis.facts import Binding, Loop, ModuleFacts, Scope
from torchlint.analysis.names import dotted, last_name, words
from torchlint.analysis.values import DictValue, TensorValue, values_of

# Methods and functions whose result no longer holds the autograd graph.
_GRAPH_FREE_METHODS = frozenset({"item", "detach", "tolist", "numpy", "detach_"})
_GRAPH_FREE_FUNCTIONS = frozenset({"float", "int", "round"})
# Tensor methods whose result is still attached to the graph of their receiver.
_GRAPH_KEEPING_METHODS = frozenset(
    "cpu cuda to float double half mean sum view reshape squeeze unsqueeze clone abs".split()
)
_LOSS_WORDS = frozenset({"loss", "criterion"})
_MAX_DEPTH = 4


def added_to(key: str, binding: Binding) -> cst.BaseExpression | None:
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


def innermost(loops: list[Loop], order: int) -> Loop | None:
    containing = [loop for loop in loops if loop.contains(order)]
    return max(containing, key=lambda loop: loop.start, default=None)


def holds_graph(
    facts: ModuleFacts,
    expr: cst.BaseExpression | None,
    scope: Scope,
    order: int,
    outputs: frozenset[int] = frozenset(),
    depth: int = 0,
) -> bool:
    """Whether `expr` is a loss tensor still attached to the autograd graph -- or, with
    `outputs` (ids of forward-pass calls), derived from one of those outputs."""
    if expr is None or depth > _MAX_DEPTH:
        return False

    def holds(part: cst.BaseExpression | None, scope: Scope = scope, order: int = order) -> bool:
        return holds_graph(facts, part, scope, order, outputs, depth + 1)

    if id(expr) in outputs:
        return True
    if isinstance(expr, cst.BinaryOperation):
        return holds(expr.left) or holds(expr.right)
    if isinstance(expr, cst.Dict):  # `outputs.append({"loss": loss, "acc": acc})`
        return any(isinstance(e, cst.DictElement) and holds(e.value) for e in expr.elements)
    if isinstance(expr, cst.Tuple | cst.List):
        return any(holds(e.value) for e in expr.elements)
    if isinstance(expr, cst.Subscript):  # `logits[:, 0]`, `out["logits"]`
        return bool(outputs) and holds(expr.value)
    if isinstance(expr, cst.Attribute) and expr.attr.value == "loss":
        return _is_call_result(facts, expr.value, scope, order)  # `model(**batch).loss`
    if isinstance(expr, cst.Call):
        func = expr.func
        if isinstance(func, cst.Attribute) and func.attr.value in _GRAPH_FREE_METHODS:
            return False
        if isinstance(func, cst.Attribute) and func.attr.value in _GRAPH_KEEPING_METHODS:
            return holds(func.value)
        if dotted(func) in _GRAPH_FREE_FUNCTIONS:
            return False
        if torch_api.loss_function_kind(facts.qualify(func)) is not None:
            return True
        if isinstance(func, cst.Call):
            return torch_api.loss_class_kind(facts.qualify(func.func)) is not None
        qualname = facts.qualify(func) or ""
        if outputs and qualname.startswith("torch.") and expr.args:
            # `F.softmax(out, 1)`, `torch.sigmoid(out)`: still attached; `torch.argmax` is not.
            return last_name(qualname) not in _INDEX_RESULTS and holds(expr.args[0].value)
        if outputs and isinstance(func, cst.Attribute):  # `out.sigmoid()`, `out.permute(...)`
            return func.attr.value not in _UNTRACKED_RESULTS and holds(func.value)
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
        if isinstance(value, TensorValue) and value.loss is not None:
            return True
        return _entry_of_losses(facts, binding)
    return holds(binding.value, binding.scope, binding.order)


def _entry_of_losses(facts: ModuleFacts, binding: Binding) -> bool:
    """`for name, part in losses.items()` (or `.values()`) over a dict of loss tensors."""
    loop = binding.node
    if not isinstance(loop, cst.For | cst.CompFor) or not isinstance(loop.iter, cst.Call):
        return False
    func = loop.iter.func
    method = func.attr.value if isinstance(func, cst.Attribute) else None
    if method not in ("items", "values") or loop.iter.args:
        return False
    if binding.unpack != ((1,) if method == "items" else ()):
        return False
    values = values_of(facts)
    entries = values.resolved(func.value, binding.scope, binding.order)  # type: ignore[attr-defined]
    return isinstance(entries, DictValue) and any(
        isinstance(entry, TensorValue) and entry.loss is not None for _, entry in entries.entries
    )


def graph_parameters(
    function: Scope, expr: cst.BaseExpression, order: int, depth: int = 0
) -> frozenset[int]:
    """The parameters of `function` whose autograd graph `expr` (evaluated at `order`) still
    holds: `value * n`, but not `value.item()`, `float(value)`, or `value` after
    `value = value.detach()` (a meter that converts what it is given)."""
    if depth > _MAX_DEPTH:
        return frozenset()

    def graph_of(part: cst.BaseExpression, at: int = order) -> frozenset[int]:
        return graph_parameters(function, part, at, depth + 1)

    if isinstance(expr, cst.BinaryOperation):
        return graph_of(expr.left) | graph_of(expr.right)
    if isinstance(expr, cst.UnaryOperation):
        return graph_of(expr.expression)
    if isinstance(expr, cst.IfExp):
        return graph_of(expr.body) | graph_of(expr.orelse)
    if isinstance(expr, cst.Subscript):
        return graph_of(expr.value)
    if isinstance(expr, cst.Call):
        func = expr.func
        if isinstance(func, cst.Attribute) and func.attr.value in _GRAPH_KEEPING_METHODS:
            return graph_of(func.value)
        return frozenset()  # `.item()`, `float(...)`, or a call we cannot see into
    key = dotted(expr)
    if key is None or key.endswith(".data"):
        return frozenset()
    binding = function.binding_before(key, order)
    if binding is None:
        params = function.params
        return frozenset({params.index(key)}) if key in params and key != "self" else frozenset()
    if binding.value is None:
        return frozenset()
    return graph_of(binding.value, binding.order)


# Functions whose result is indices or booleans, never part of a graph.
_INDEX_RESULTS = frozenset({"argmax", "argmin", "eq", "ne", "gt", "lt", "ge", "le", "argsort"})
# Methods whose result is no tensor of the graph: indices, booleans, sizes.
_UNTRACKED_RESULTS = _INDEX_RESULTS | {"size", "dim", "numel", "nelement", "topk", "max", "min"}


def kept_across_iterations(
    facts: ModuleFacts, scope: Scope, loop: Loop, outputs: frozenset[int]
) -> cst.CSTNode | None:
    """The first statement in `loop` that adds a graph-holding value (a loss, or one of the
    forward `outputs`) to something that outlives the iteration: `total += loss`,
    `preds.append(logits)`."""
    for key, bindings in scope.bindings.items():
        for binding in bindings:
            added = added_to(key, binding)
            if (
                added is not None
                and loop.contains(binding.order)
                and not binding.grad_disabled
                and holds_graph(facts, added, scope, binding.order, outputs)
                and persists(scope, key.removesuffix("[]"), loop)
            ):
                return binding.node
    for call in scope.calls:
        kept = call.positional(0)
        if (
            call.method in ("append", "extend")
            and loop.contains(call.order)
            and call.receiver_key is not None
            and not call.grad_disabled
            and holds_graph(facts, kept, scope, call.order, outputs)
            and persists(scope, call.receiver_key, loop)
        ):
            return call.node
    return None


def _is_call_result(facts: ModuleFacts, expr: cst.BaseExpression, scope: Scope, order: int) -> bool:
    if isinstance(expr, cst.Call):
        return True
    key = dotted(expr)
    binding = facts.resolve(key, scope, order) if key else None
    return binding is not None and isinstance(binding.value, cst.Call)


def persists(scope: Scope, key: str, loop: Loop) -> bool:
    """Initialised before the loop (or an attribute of `self`) and not re-initialised inside it."""
    plain = [b for b in scope.bindings_of(key) if added_to(key, b) is None]
    if any(loop.contains(b.order) for b in plain):
        return False
    return key.startswith("self.") or any(b.order < loop.start for b in plain)
