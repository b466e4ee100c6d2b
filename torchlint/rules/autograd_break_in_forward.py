"""TL010: a forward pass that leaves autograd on the way to its output."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import libcst as cst

from torchlint.analysis.facts import ClassInfo, ModuleFacts, Scope
from torchlint.analysis.names import dotted, names_read
from torchlint.analysis.training import is_module_class
from torchlint.analysis.values import AutogradBreak, FunctionValue, Origin, values_of
from torchlint.analysis.walk import children
from torchlint.findings import Severity
from torchlint.rules.base import Report, Rule

_LEAVING_METHODS = {"numpy": "`.numpy()`", "item": "`.item()`", "tolist": "`.tolist()`"}
_REWRAPPING = frozenset({"torch.tensor", "torch.Tensor", "torch.FloatTensor", "torch.from_numpy"})
# Their arguments are shapes and sizes, not data: `torch.zeros((n, 5))` with `n = x.item()`.
_SHAPE_FACTORIES = frozenset(
    "torch.zeros torch.ones torch.empty torch.full torch.arange torch.rand torch.randn "
    "torch.randint torch.linspace torch.eye".split()
)
_SHAPE_METHODS = frozenset(
    "view reshape expand repeat narrow split chunk new_zeros new_ones new_full".split()
)
# What they read of a tensor is its layout, not its values: `b, c, h, w = feats.shape`.
_METADATA_ATTRIBUTES = frozenset({"shape", "device", "dtype", "ndim"})
_METADATA_METHODS = frozenset({"size", "dim"})
_MAX_DEPTH = 8
_MAX_HELPERS = 4  # helpers calling helpers, at most this deep


class AutogradBreakInForward(Rule):
    code = "TL010"
    name = "autograd-break-in-forward"
    severity = Severity.ERROR
    summary = (
        "forward() leaves autograd (.numpy(), .item(), .data, torch.tensor(x)) before its output."
    )

    def check(self, facts: ModuleFacts) -> Iterator[Report]:
        for name, info in facts.classes.items():
            forward = info.methods.get("forward")
            if forward is None or not is_module_class(facts, name):
                continue
            if values_of(facts).decorated_without_grad(forward):
                continue  # an inference wrapper: no gradient to lose
            breaks = list(_breaks(facts, info, forward, frozenset(), (), ()))
            if breaks:  # the first one on the way through forward is the cause
                found = min(breaks, key=lambda item: item.when)
                yield Report(
                    found.node,
                    _message(facts, found, name),
                    related=_related(found),
                    help="Keep the computation in torch operations on the tensor: the layers "
                    "before it get no gradient and never train, while the loss still moves.",
                )


@dataclass(frozen=True)
class _Break:
    when: tuple[int, ...]  # orders of the helper calls in forward, then of the break itself
    expr: cst.BaseExpression = field(repr=False)
    node: cst.CSTNode = field(repr=False)  # in this file: the break, or the call that reaches it
    what: str
    via: tuple[tuple[str, cst.Call], ...] = field(repr=False)  # helpers on the way: (name, call)
    elsewhere: AutogradBreak | None = None  # the break in a function of another module


def parameter_breaks(facts: ModuleFacts, function: Scope) -> Iterator[AutogradBreak]:
    """For each parameter of a function outside classes, the first break on the way from it to
    the return value: what a `forward` of another module that calls it needs to know."""
    # What reaches a break from some parameter reaches it from all of them: one pass rules out
    # most functions before the pass per parameter.
    if next(_breaks(facts, None, function, frozenset(function.params), (), ()), None) is None:
        return
    for index, param in enumerate(function.params):
        breaks = list(_breaks(facts, None, function, frozenset({param}), (), ()))
        if not breaks:
            continue
        found = min(breaks, key=lambda item: item.when)
        if found.elsewhere is not None:
            yield AutogradBreak(index, *_fields(found.elsewhere))
            continue
        helper = found.via[-1][0] if found.via else function.name
        yield AutogradBreak(index, found.what, facts.code(found.expr), helper, Origin(found.node))


def _fields(found: AutogradBreak) -> tuple[str, str, str, Origin]:
    return found.what, found.code, found.function, found.origin


def _breaks(
    facts: ModuleFacts,
    klass: ClassInfo | None,
    function: Scope,
    derived: frozenset[str],
    when: tuple[int, ...],
    via: tuple[tuple[str, cst.Call], ...],
) -> Iterator[_Break]:
    """Breaks on the way to `function`'s output, and in the helpers that compute it: methods of
    the class and functions of this file (`self._pool(h)`, `soft_threshold(z)`), and functions
    of other modules by their summaries. `derived` are the parameters whose arguments are
    computed from the module's parameters."""
    params = function.params[1:] if function.klass is not None else function.params
    local = set(params) | {k for k in function.bindings if "." not in k}
    for expr, node, order in _path_to_output(facts, function):
        for what, subject in _leaving(facts, klass, expr, local, 0):
            if _from_parameters(facts, klass, function, subject, order, 0, derived):
                yield _Break((*when, order), expr, node, what, via)
                break
        for call, found, argument in _imported_breaks(facts, function, expr, order):
            if _from_parameters(facts, klass, function, argument, order, 0, derived):
                name = facts.code(call.func)
                yield _Break((*when, order), call, call, found.what, (*via, (name, call)), found)
        if len(via) >= _MAX_HELPERS:
            continue
        for call, helper, arguments in _helper_calls(facts, klass, function, expr):
            inner = frozenset(
                param
                for param, argument in arguments.items()
                if _from_parameters(facts, klass, function, argument, order, 0, derived)
            )
            yield from _breaks(
                facts, klass, helper, inner, (*when, order), (*via, (helper.name, call))
            )


def _imported_breaks(
    facts: ModuleFacts, function: Scope, expr: cst.CSTNode, order: int
) -> Iterator[tuple[cst.Call, AutogradBreak, cst.BaseExpression]]:
    """Calls in `expr` of functions of other modules whose summaries break autograd, with the
    argument passed for the parameter that loses its gradient."""
    values = values_of(facts)
    for call in _calls_in(expr):
        if not _imported_name(facts, function, call.func, order):
            continue
        callee = values.value_of(call.func, function, order)
        if not isinstance(callee, FunctionValue) or callee.summary.origin.node is not None:
            continue
        arguments = values.arguments(callee.summary, callee.bound is not None, call)
        for found in callee.summary.autograd_breaks:
            if found.index in arguments:
                yield call, found, arguments[found.index]


def _imported_name(
    facts: ModuleFacts, function: Scope, func: cst.BaseExpression, order: int
) -> bool:
    """`smooth` or `ops.smooth`, imported and not rebound: only such a callee is asked for its
    value (what a call of `self.` computes may be what `forward` is being summarized for)."""
    root = (dotted(func) or "").split(".")[0]
    return (
        bool(root)
        and facts.imports.imported(root) is not None
        and facts.resolve(root, function, order) is None
    )


def _calls_in(expr: cst.CSTNode) -> Iterator[cst.Call]:
    stack: list[cst.CSTNode] = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Lambda):
            continue
        stack.extend(children(node))
        if isinstance(node, cst.Call):
            yield node


def _helper_calls(
    facts: ModuleFacts, klass: ClassInfo | None, function: Scope, expr: cst.CSTNode
) -> Iterator[tuple[cst.Call, Scope, dict[str, cst.BaseExpression]]]:
    """Calls in `expr` of a method of the class (not `forward`) or a function of this file,
    with the argument passed for each parameter."""
    for node in _calls_in(expr):
        key = dotted(node.func) or ""
        params: list[str] = []
        helper: Scope | None = None
        if key.startswith("self.") and key.count(".") == 1 and klass is not None:
            helper = klass.methods.get(key[len("self.") :])
            params = helper.params[1:] if helper is not None else []
        elif (
            key and "." not in key and key not in function.params and not function.bindings_of(key)
        ):
            functions = [f for f in facts.functions.get(key, ()) if f.parent is facts.module_scope]
            helper = functions[0] if len(functions) == 1 else None
            params = helper.params if helper is not None else []
        if helper is None or helper is function or helper.name == "forward":
            continue
        arguments = {}
        for position, arg in enumerate(a for a in node.args if a.keyword is None):
            if arg.star:
                break
            if position < len(params):
                arguments[params[position]] = arg.value
        for arg in node.args:
            if arg.keyword is not None and arg.keyword.value in params:
                arguments[arg.keyword.value] = arg.value
        yield node, helper, arguments


def _path_to_output(
    facts: ModuleFacts, forward: Scope
) -> Iterator[tuple[cst.BaseExpression, cst.CSTNode, int]]:
    """Return values and, backwards through the bindings they read, every value they come from:
    a bound value, or the value a tuple target unpacks (`out, _ = self.rnn(seq)`)."""
    pending = [(value, value, order) for value, order in forward.returns if value is not None]
    seen: set[int] = set()
    while pending:
        expr, node, order = pending.pop(0)
        if id(expr) in seen or len(seen) > 200:
            continue
        seen.add(id(expr))
        yield expr, node, order
        for key in _data_names(facts, expr):
            binding = forward.binding_before(key, order)
            source = binding.value if binding is not None else None
            if binding is not None and source is None and binding.unpacks_origin:
                source = binding.origin if binding.unpack is not None else None
            if source is not None:
                pending.append((source, binding.node, binding.order))


def _data_names(facts: ModuleFacts, expr: cst.CSTNode) -> set[str]:
    """Names whose values flow into `expr` as data (not as shapes, sizes or indices)."""
    if isinstance(expr, cst.Name):
        return {expr.value}
    if isinstance(expr, cst.Attribute) and expr.attr.value in _METADATA_ATTRIBUTES:
        return set()
    if isinstance(expr, cst.Attribute | cst.Subscript):
        return _data_names(facts, expr.value)
    if isinstance(expr, cst.Call):
        if facts.qualify(expr.func) in _SHAPE_FACTORIES:
            return set()
        func = expr.func
        if isinstance(func, cst.Attribute) and func.attr.value in _METADATA_METHODS:
            return set()
        if isinstance(func, cst.Attribute) and func.attr.value in _SHAPE_METHODS:
            return _data_names(facts, func.value)
        names = _data_names(facts, func.value) if isinstance(func, cst.Attribute) else set()
        for arg in expr.args:
            names |= _data_names(facts, arg.value)
        return names
    if isinstance(expr, cst.Lambda):
        return set()
    names: set[str] = set()
    for child in children(expr):
        names |= _data_names(facts, child)
    return names


def _leaving(
    facts: ModuleFacts,
    klass: ClassInfo | None,
    expr: cst.BaseExpression,
    local: set[str],
    depth: int,
) -> Iterator[tuple[str, cst.BaseExpression]]:
    """What takes a part of `expr` (at its top level, not nested in another call) out of the
    graph, with the value it takes out: `h` for `h.numpy()` and for `torch.tensor(h)`."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(expr, cst.BinaryOperation):
        yield from _leaving(facts, klass, expr.left, local, depth + 1)
        yield from _leaving(facts, klass, expr.right, local, depth + 1)
    elif isinstance(expr, cst.UnaryOperation):
        yield from _leaving(facts, klass, expr.expression, local, depth + 1)
    elif isinstance(expr, cst.Subscript):
        yield from _leaving(facts, klass, expr.value, local, depth + 1)
    elif isinstance(expr, cst.Attribute):
        if expr.attr.value == "data" and dotted(expr.value) is not None:
            yield "`.data`", expr.value
    elif isinstance(expr, cst.Call):
        yield from _call_leaving(facts, klass, expr, local, depth)


def _call_leaving(
    facts: ModuleFacts, klass: ClassInfo | None, call: cst.Call, local: set[str], depth: int
) -> Iterator[tuple[str, cst.BaseExpression]]:
    qualname = facts.qualify(call.func) or ""
    subject = call.args[0].value if call.args else None
    if qualname in _REWRAPPING and subject is not None and _reads_local(subject, local):
        yield f"`{qualname}(...)` copies the tensor out of the graph", subject
    elif qualname.startswith("numpy.") and subject is not None and _reads_local(subject, local):
        yield "a NumPy function", subject
    elif isinstance(call.func, cst.Attribute):
        method = call.func.attr.value
        receiver = call.func.value
        if method in _LEAVING_METHODS and (
            _reads_local(receiver, local) or _reads_parameter(facts, klass, receiver)
        ):
            yield _LEAVING_METHODS[method], receiver
        elif qualname == "":
            yield from _leaving(facts, klass, receiver, local, depth + 1)


def _from_parameters(
    facts: ModuleFacts,
    klass: ClassInfo | None,
    forward: Scope,
    expr: cst.CSTNode,
    order: int,
    depth: int,
    derived: frozenset[str] = frozenset(),
) -> bool:
    """Whether `expr` is computed from the module's parameters: through a submodule or method
    (`self.fc(x)`) or an `nn.Parameter` attribute. Preprocessing of the input alone (`x.mean()
    .item()` before the first layer) costs no parameter its gradient."""
    if depth > _MAX_DEPTH:
        return False
    stack = [expr]
    names = set()
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Call) and (dotted(node.func) or "").startswith("self"):
            return True
        key = dotted(node) if isinstance(node, cst.Attribute) else None
        if key is not None and key.startswith("self.") and klass is not None:
            # Set out of sight (`self.weight` of a base class), a parameter; a buffer or a
            # constant set in this class is none.
            binding = facts.class_binding(klass, key.removesuffix(".data"))
            value = binding.value if binding is not None else None
            if binding is None or (
                isinstance(value, cst.Call) and facts.qualify(value.func) == "torch.nn.Parameter"
            ):
                return True
            continue
        if isinstance(node, cst.Name):
            names.add(node.value)
        elif not isinstance(node, cst.Lambda):
            stack.extend(children(node))
    for name in names:
        binding = forward.binding_before(name, order)
        if (
            binding is not None
            and binding.value is not None
            and _from_parameters(
                facts, klass, forward, binding.value, binding.order, depth + 1, derived
            )
        ):
            return True
        if binding is None and name in derived:
            return True  # a helper's parameter, passed a value computed from parameters
        if binding is None or binding.value is not None or binding.order == 0:
            continue
        if binding.unpacks_origin and binding.unpack is not None and binding.origin is not None:
            # `out, h = self.rnn(x)`: computed from parameters if what it unpacks is
            if _from_parameters(
                facts, klass, forward, binding.origin, binding.order, depth + 1, derived
            ):
                return True
        else:
            return True  # a loop target or a name bound by `with`: assume it may be
    return False


def _reads_parameter(facts: ModuleFacts, klass: ClassInfo | None, expr: cst.CSTNode) -> bool:
    """Whether `expr` reads an attribute the class sets to a trainable `nn.Parameter`:
    `torch.sigmoid(self.gate).item()` takes the gate itself out of the graph."""
    if klass is None:
        return False
    stack = [expr]
    while stack:
        node = stack.pop()
        key = dotted(node) if isinstance(node, cst.Attribute) else None
        if key is not None and key.startswith("self.") and key.count(".") == 1:
            binding = facts.class_binding(klass, key)
            value = binding.value if binding is not None else None
            if (
                isinstance(value, cst.Call)
                and facts.qualify(value.func) == "torch.nn.Parameter"
                and not any(
                    a.keyword is not None and a.keyword.value == "requires_grad" for a in value.args
                )
                and len(value.args) < 2
            ):
                return True
            continue
        if not isinstance(node, cst.Lambda):
            stack.extend(children(node))
    return False


def _reads_local(expr: cst.CSTNode, local: set[str]) -> bool:
    """Whether `expr` is computed from the forward's own tensors (not `self.` constants)."""
    key = dotted(expr) if isinstance(expr, cst.BaseExpression) else None
    if key is not None:
        return key.split(".")[0] in local and not key.startswith("self.")
    return bool(local.intersection(names_read(expr)))


def _related(found: _Break) -> tuple[tuple[Origin, str], ...]:
    if found.elsewhere is None:
        return ()
    return ((found.elsewhere.origin, f"leaves autograd here ({found.elsewhere.what})"),)


def _message(facts: ModuleFacts, found: _Break, klass: str) -> str:
    # The caret already shows an expression of this file.
    subject = "this expression"
    where = f"`{klass}.forward`"
    chain = ", then ".join(
        f"`{facts.code(call.func)}` on {facts.line_ref(call)}" for _, call in found.via
    )
    if found.elsewhere is not None:
        subject = f"`{found.elsewhere.code}`"
        place = found.elsewhere.origin.describe(facts)
        where = f"`{found.elsewhere.function}` ({place}; which `{klass}.forward` calls: {chain})"
    elif found.via:
        where = f"`{found.via[-1][0]}` (which `{klass}.forward` calls: {chain})"
    return f"{subject} in {where} leaves autograd ({found.what}) on the way to the output"
