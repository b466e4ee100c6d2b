"""TL004: evaluation runs forward passes with autograd recording a graph."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import partial

import libcst as cst

from torchlint.analysis.facts import Call, ModuleFacts, Scope
from torchlint.analysis.graphs import holds_graph, innermost, kept_across_iterations
from torchlint.analysis.names import dotted, last_name, words
from torchlint.analysis.training import (
    decodes,
    in_lightning_module,
    is_autograd_use,
    is_evaluation_function,
    is_forward,
    is_unit_test,
    iterates_evaluation_data,
    runs_itself,
    sets_requires_grad,
    switches_to_eval,
)
from torchlint.analysis.values import FunctionValue, ModuleValue, concrete, values_of
from torchlint.analysis.walk import children
from torchlint.findings import Fix, Severity
from torchlint.rules.base import Report, Rule
from torchlint.rules.fixes import eval_without_no_grad as fixes

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
            if is_unit_test(facts, scope) or in_lightning_module(facts, scope):
                continue
            evaluates = scope.kind == "function" and is_evaluation_function(facts, scope)
            decoder = scope.kind == "function" and not evaluates and decodes(facts, scope)
            if (evaluates or decoder) and not values_of(facts).function_summary(scope).no_grad:
                yield from _evaluation_function(facts, scope, decoder)
            else:
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
                message = _eval_mode_message(
                    facts.code(forward.node.func), model, facts.line_ref(switch.node)
                )
                loop = innermost(scope.loops, forward.order)
                wrapped = loop.node if loop is not None and loop.start > switch.order else None
                fix = partial(fixes.wrap, facts, wrapped or forward.node)
                yield from _graded(facts, forward, *message, fix)


def _evaluation_function(facts: ModuleFacts, function: Scope, decoder: bool) -> Iterator[Report]:
    worded = _decoding_message if decoder else _function_message
    forward = None if decoder else _first_forward_with_grad(facts, function.calls)
    if forward is not None:
        if not _runs_without_grad(facts, function, 0):
            message = worded(facts.code(forward.node.func), function.name)
            unless = None
            if function.parent is facts.module_scope and not facts.call_sites(function):
                unless = function.name  # callers in other modules may disable gradients
            fix = partial(fixes.decorate, facts, function)
            yield from _graded(facts, forward, *message, fix, unless_called_without_grad=unless)
        return
    # The model running itself (`self(x)` in `validate`), or decoding with any model: an API
    # of the model, which its callers wrap as they like; reported where one does not.
    forward = next(
        (
            c
            for c in function.calls
            if not c.grad_disabled and (runs_itself(facts, c) or (decoder and is_forward(facts, c)))
        ),
        None,
    )
    if forward is None:
        return
    message = worded(facts.code(forward.node.func), function.name)
    needs_call = None if _called_with_grad_here(facts, function) else function.name
    fix = partial(fixes.decorate, facts, function)
    yield from _graded(facts, forward, *message, fix, if_called_with_grad=needs_call)


def _called_with_grad_here(facts: ModuleFacts, function: Scope) -> bool:
    return any(
        site.scope is not function
        and not site.grad_disabled
        and _may_call(facts, site, function)
        and not _runs_without_grad(facts, site.scope, 0)
        for site in facts.call_sites(function)
    )


def _may_call(facts: ModuleFacts, site: Call, function: Scope) -> bool:
    """`site` calls `function`, or a method of its name on an object that is not known."""
    callee = values_of(facts).value_of(site.node.func, site.scope, site.order)
    if callee is None:
        return True
    defined = function.node.name  # type: ignore[union-attr]
    return isinstance(callee, FunctionValue) and callee.summary.origin.node is defined


def _evaluation_loops(facts: ModuleFacts, scope: Scope) -> Iterator[Report]:
    """`for x, y in val_loader: model(x)` with gradients on, e.g. a check every N steps."""
    if scope.kind == "class" or (
        scope.kind == "function" and values_of(facts).decorated_without_grad(scope)
    ):
        return
    for loop in scope.loops:
        if not isinstance(loop.node, cst.For) or not iterates_evaluation_data(loop.node.iter):
            continue
        calls = [c for c in scope.calls if loop.contains(c.order)]
        if any(is_autograd_use(facts, c) for c in calls):
            continue
        forward = _first_forward_with_grad(facts, calls)
        if forward is not None and not _runs_without_grad(facts, scope, 0):
            name = facts.code(loop.node.iter)
            message = _loop_message(facts.code(forward.node.func), name)
            yield from _graded(facts, forward, *message, partial(fixes.wrap, facts, loop.node))


def _graded(
    facts: ModuleFacts,
    forward: Call,
    message: str,
    help_text: str,
    fix: Callable[[], Fix | None],
    unless_called_without_grad: str | None = None,
    if_called_with_grad: str | None = None,
) -> Iterator[Report]:
    """Error where the evaluation keeps graph-holding outputs or losses across batches (memory
    grows until the GPU runs out) or runs a model-zoo network over a loader (one batch's graph
    alone can exceed what inference needs by several times); a warning where each batch's graph
    is freed (time and memory wasted, results right); info for one forward pass outside any
    loop; nothing when that pass is only printed or plotted."""
    scope = forward.scope
    loop = innermost(scope.loops, forward.order)
    if loop is None and not _called_in_a_loop(facts, scope):
        if _only_shown(facts, scope, forward) or _freed_on_return(facts, scope):
            return
        # One forward pass: one graph, freed with its result. Worth a `no_grad`, no more.
        severity = Severity.INFO
    elif loop is None:
        severity = Severity.WARNING
    else:
        outputs = frozenset(
            id(c.node) for c in scope.calls if loop.contains(c.order) and is_forward(facts, c)
        )
        kept = kept_across_iterations(facts, scope, loop, outputs)
        severity = Severity.ERROR if kept is not None else Severity.WARNING
        if kept is not None:
            message += (
                f", and `{facts.code(kept).strip()}` ({facts.line_ref(kept)}) keeps every batch's "
                "graph"
            )
        elif (zoo := _zoo_network(facts, forward)) is not None:
            severity = Severity.ERROR
            message += f", and `{zoo}` is a model-zoo network"
            help_text += (
                " One batch's activations take several times the memory of inference, so a "
                "batch size that fits for evaluation can run out of GPU memory."
            )
    yield Report(
        forward.node,
        message,
        severity=severity,
        unless_called_without_grad=unless_called_without_grad,
        if_called_with_grad=if_called_with_grad,
        help=help_text,
        fix=fix,
    )


def _zoo_network(facts: ModuleFacts, forward: Call) -> str | None:
    """What the user wrote to build the model `forward` runs, when it comes from a model zoo
    (`models.resnet50(...)`), here or in every caller that passes it."""
    values = values_of(facts)
    model = concrete(
        values, values.value_of(forward.node.func, forward.scope, forward.order), forward.scope
    )
    return model.name if isinstance(model, ModuleValue) and model.from_zoo else None


def _called_in_a_loop(facts: ModuleFacts, function: Scope) -> bool:
    return function.kind == "function" and any(site.loops for site in facts.call_sites(function))


def _freed_on_return(facts: ModuleFacts, function: Scope) -> bool:
    """No forward pass of `function` runs in a loop, it returns plain Python values and keeps
    nothing (`return probs.argmax().item()`): each call's one graph is freed as it returns."""
    # A method may be a framework's per-batch hook (`validation_step`); only plain functions.
    if function.kind != "function" or function.klass is not None or not function.returns:
        return False
    forwards = [c for c in function.calls if is_forward(facts, c) or runs_itself(facts, c)]
    if any(c.loops for c in forwards):
        return False
    if not all(_plain_value(function, value, order) for value, order in function.returns):
        return False
    outputs = frozenset(id(c.node) for c in forwards)
    stored = (
        (arg.value, call.order)
        for call in function.calls
        if call.method in _STORING_METHODS
        for arg in call.node.args
    )
    if any(holds_graph(facts, value, function, order, outputs) for value, order in stored):
        return False
    return not _escapes_otherwise(function.node)


def _plain_value(function: Scope, expr: cst.BaseExpression | None, order: int) -> bool:
    """`None`, a constant, `x.item()`, `x.tolist()`, `int(x)`, a tuple of them, a choice between
    them, or a local name bound to one: no tensor."""
    if expr is None or isinstance(expr, cst.BaseString | cst.Integer | cst.Float):
        return True
    if isinstance(expr, cst.Name):
        if expr.value in ("None", "True", "False"):
            return True
        binding = function.binding_before(expr.value, order)
        return (
            binding is not None
            and binding.value is not None
            and _plain_value(function, binding.value, binding.order)
        )
    if isinstance(expr, cst.Tuple | cst.List):
        return all(_plain_value(function, element.value, order) for element in expr.elements)
    if isinstance(expr, cst.IfExp):  # `"positive" if label == 1 else "negative"`
        branches = (expr.body, expr.orelse)
        return all(_plain_value(function, branch, order) for branch in branches)
    if isinstance(expr, cst.Call):
        func = expr.func
        name = func.attr if isinstance(func, cst.Attribute) else func
        return isinstance(name, cst.Name) and name.value in _PLAIN_RESULTS
    return False


_PLAIN_RESULTS = frozenset("item tolist int float bool str round".split())

# `cache.append(out)`, `seen.update(...)`: what these keep outlives the call.
_STORING_METHODS = frozenset("append extend insert add update setdefault put".split())


def _escapes_otherwise(function: cst.CSTNode) -> bool:
    """A `yield`, a `global`/`nonlocal`, or a store into an attribute or an item: values that
    may leave the function by a way other than its return."""
    stack = [function]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Yield | cst.Global | cst.Nonlocal):
            return True
        if isinstance(node, cst.AssignTarget | cst.AugAssign | cst.AnnAssign):
            target = node.target
            if isinstance(target, cst.Attribute | cst.Subscript):
                return True
        stack.extend(children(node))
    return False


# Calls that show a value (print it, plot it, log an image of it) and keep nothing.
_DISPLAY_WORDS = frozenset(
    "print pprint display show imshow plot scatter hist draw visualize visualise savefig "
    "save_image make_grid add_image add_images add_figure".split()
)


def _only_shown(facts: ModuleFacts, scope: Scope, forward: Call) -> bool:
    """The output of one forward pass goes only into print/plot calls, or through `.detach()`
    at once: its graph is freed right away."""
    if _shown_by(_enclosing(scope.node, forward.node)):
        return True
    names = [
        key
        for key, bindings in scope.bindings.items()
        for binding in bindings
        if binding.value is forward.node
    ]
    if len(names) != 1 or "." in names[0]:
        return False
    uses = _References(names[0])
    scope.node.visit(uses)
    return bool(uses.found) and all(_shown_by(calls) for calls in uses.found)


def _shown_by(around: Sequence[cst.CSTNode]) -> bool:
    """Shown, or detached at once; not inside a comprehension (which loops over data)."""
    if any(isinstance(node, cst.BaseComp | cst.DictComp) for node in around):
        return False
    for call in around:
        if not isinstance(call, cst.Call):
            continue
        func = call.func
        if isinstance(func, cst.Attribute) and func.attr.value in ("detach", "detach_"):
            return True
        key = dotted(func)
        if key is not None and _DISPLAY_WORDS.intersection((last_name(key), *words(key))):
            return True
    return False


def _enclosing(root: cst.CSTNode, target: cst.CSTNode) -> list[cst.CSTNode]:
    finder = _References(None, target)
    root.visit(finder)
    return list(finder.found[0]) if finder.found else []


class _References(cst.CSTVisitor):
    """For each load of `name` (or the node `target`): the calls and comprehensions around it,
    innermost last. Nested functions and classes are other scopes; assignment targets are no
    loads."""

    def __init__(self, name: str | None, target: cst.CSTNode | None = None) -> None:
        self.name = name
        self.target = target
        self.root: cst.CSTNode | None = None
        self.calls: list[cst.CSTNode] = []
        self.found: list[tuple[cst.CSTNode, ...]] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.root = self.root or node
        if node is self.target:
            self.found.append(tuple(self.calls))
            return False
        if node is not self.root and isinstance(node, cst.FunctionDef | cst.ClassDef | cst.Lambda):
            return False
        if isinstance(node, cst.AssignTarget):
            return False
        if isinstance(node, cst.Name) and node.value == self.name:
            self.found.append(tuple(self.calls))
        if isinstance(node, cst.Call | cst.BaseComp | cst.DictComp):
            self.calls.append(node)
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        if self.calls and self.calls[-1] is original_node:
            self.calls.pop()


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
_UNUSED_GRAPH = "autograd records a graph that evaluation never uses (time, memory, CUDA OOM)."


def _function_message(forward: str, function: str) -> tuple[str, str]:
    return (
        f"`{forward}(...)` runs with gradients enabled in evaluation function `{function}`",
        f"{_FIX}, or decorate `{function}` with `@torch.no_grad()`: {_UNUSED_GRAPH}",
    )


def _decoding_message(forward: str, function: str) -> tuple[str, str]:
    return (
        f"`{forward}(...)` runs with gradients enabled in decoding function `{function}`",
        f"{_FIX}, or decorate `{function}` with `@torch.no_grad()`: where a step's hidden state "
        f"feeds the next, every earlier step's graph stays alive (CUDA OOM on long sequences).",
    )


def _eval_mode_message(forward: str, model: str, eval_line: str) -> tuple[str, str]:
    return (
        f"`{forward}(...)` runs after `{model}.eval()` ({eval_line}) with gradients enabled",
        f"{_FIX}: {_UNUSED_GRAPH}",
    )


def _loop_message(forward: str, data: str) -> tuple[str, str]:
    return (
        f"`{forward}(...)` runs over evaluation data (`{data}`) with gradients enabled",
        f"{_FIX}: {_UNUSED_GRAPH}",
    )


def _forward_of(call: Call) -> str | None:
    return call.receiver_key if call.method == "forward" else call.key
