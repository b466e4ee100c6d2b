"""One walk over a module that records what the rules ask about.

Every recorded event carries an `order`: a counter that grows in source order. Statement order,
"inside this loop" (an order range) and "latest binding before this call" are then plain integer
comparisons, so rules stay short and never walk the tree themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from torchlint.analysis import torch_api
from torchlint.analysis.names import ImportTable, dotted
from torchlint.analysis.positions import (
    CstStatement,
    PythonPositions,
    node_ranges,
    python_positions,
)
from torchlint.analysis.walk import Walker

T = TypeVar("T")


@dataclass(eq=False)
class Binding:
    """`key = value` at `order`. `value` is None where the bound value is not a plain expression
    (a parameter, a loop target, an unpacked tuple); `origin` then names what it came from."""

    key: str
    value: cst.BaseExpression | None = field(repr=False)
    origin: cst.BaseExpression | None = field(repr=False)
    order: int
    node: cst.CSTNode = field(repr=False)
    scope: Scope = field(repr=False)
    augmented: bool = False
    start: int = 0  # where the statement began: calls with start < order < self.order are in it
    grad_disabled: bool = False
    # `a, (b, c) = value`: b's path into `origin` is (1, 0); None where a star hides it. For a
    # loop target (`node` is the `for`), the path leads into one element of `origin`.
    unpack: tuple[int, ...] | None = None
    end: int | None = None  # a comprehension target is visible only up to here

    def contains(self, order: int) -> bool:
        return self.start < order < self.order

    @property
    def unpacks_origin(self) -> bool:
        """`a, b = origin` (True), not `for a, b in origin` (an element of it is unpacked)."""
        return not isinstance(self.node, cst.For | cst.CompFor)


@dataclass(eq=False)
class Loop:
    node: cst.For | cst.While = field(repr=False)
    start: int
    end: int
    scope: Scope = field(repr=False)

    def contains(self, order: int) -> bool:
        return self.start < order < self.end


@dataclass(eq=False)
class Call:
    node: cst.Call = field(repr=False)
    key: str | None
    qualname: str | None
    order: int
    scope: Scope = field(repr=False)
    grad_disabled: bool
    loops: tuple[Loop, ...] = field(repr=False)
    discarded: bool = False  # a statement of its own: the result is dropped at once

    # Exact type checks (libcst's nodes are ABCs, slow in isinstance): asked of every call, by
    # nearly every rule, hence kept.
    @cached_property
    def method(self) -> str | None:
        func = self.node.func
        return func.attr.value if type(func) is cst.Attribute else None

    @cached_property
    def receiver(self) -> cst.BaseExpression | None:
        func = self.node.func
        return func.value if type(func) is cst.Attribute else None

    @property
    def receiver_key(self) -> str | None:
        receiver = self.receiver
        return dotted(receiver) if receiver is not None else None

    @property
    def mode_target(self) -> str | None:
        """The module a `.train()`/`.eval()` call switches: `model` in `model.to(device).eval()`."""
        receiver = self.receiver
        return dotted(torch_api.strip_module_methods(receiver)) if receiver is not None else None

    def positional(self, index: int) -> cst.BaseExpression | None:
        positional = [arg.value for arg in self.node.args if arg.keyword is None and not arg.star]
        return positional[index] if index < len(positional) else None

    def keyword(self, name: str) -> cst.BaseExpression | None:
        for arg in self.node.args:
            if arg.keyword is not None and arg.keyword.value == name:
                return arg.value
        return None

    def argument(self, index: int, name: str) -> cst.BaseExpression | None:
        return self.positional(index) or self.keyword(name)

    def argument_keys(self) -> set[str]:
        return {key for arg in self.node.args if (key := dotted(arg.value)) is not None}


@dataclass(eq=False)
class ClassInfo:
    name: str
    node: cst.ClassDef = field(repr=False)
    base_qualnames: list[str]
    base_keys: list[str]
    methods: dict[str, Scope] = field(default_factory=dict)
    self_bindings: dict[str, list[Binding]] = field(default_factory=dict)


@dataclass(eq=False)
class Scope:
    """The module, a function or a method: the unit in which statement order means something."""

    kind: str  # "module" | "function" | "class"
    node: cst.Module | cst.FunctionDef | cst.ClassDef = field(repr=False)
    name: str
    parent: Scope | None = field(repr=False)
    klass: ClassInfo | None = field(default=None, repr=False)
    params: list[str] = field(default_factory=list)
    decorator_qualnames: list[str] = field(default_factory=list)
    decorated_no_grad: bool = False
    bindings: dict[str, list[Binding]] = field(default_factory=dict)
    # Targets of comprehensions, apart: Python does not let them leak into the scope.
    comprehension_targets: dict[str, list[Binding]] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    loops: list[Loop] = field(default_factory=list)
    returns: list[tuple[cst.BaseExpression | None, int]] = field(default_factory=list)
    has_assert: bool = False
    start: int = 0
    end: int = 0

    def contains(self, order: int) -> bool:
        return self.start < order < self.end

    def binding_before(self, key: str, order: int) -> Binding | None:
        for target in reversed(self.comprehension_targets.get(key, ())):
            if target.order < order <= (target.end or target.order):
                return target  # `[step(b) for b in loader]`: inside the comprehension
        latest = None
        for binding in self.bindings.get(key, ()):
            if binding.order < order and not binding.augmented:
                latest = binding
        return latest

    def bindings_of(self, key: str) -> list[Binding]:
        return self.bindings.get(key, [])


@dataclass(eq=False)
class ArithmeticUse:
    """A `-` or `/` whose right operand may be a normalization statistic."""

    node: cst.BinaryOperation = field(repr=False)
    order: int
    scope: Scope = field(repr=False)
    end: int = 0

    def contains(self, order: int) -> bool:
        return self.order < order < self.end


class ModuleFacts:
    def __init__(
        self,
        path: str,
        source: str,
        module: cst.Module,
        locate: Callable[[int], tuple[int | None, int]],
    ) -> None:
        self.path = path
        self.locate = locate  # line of `source` -> (notebook cell or None, line shown to the user)
        self.source = source
        self.module = module
        self.imports = ImportTable()
        self.scopes: list[Scope] = []
        self.classes: dict[str, ClassInfo] = {}
        self.functions: dict[str, list[Scope]] = {}
        self.arithmetic: list[ArithmeticUse] = []
        self.assignments: list[CstStatement] = []  # in source order
        self._positions: dict[cst.CSTNode, CodeRange] | None = None
        self._memo: dict[str, Any] = {}
        # (relative level, dotted name) -> the exported value of another project module.
        self.imported: Callable[[int, str], Any] = lambda level, name: None
        self.imports_project = False  # imports some other module of the project

    @property
    def module_scope(self) -> Scope:
        return self.scopes[0]

    def all_calls(self) -> Iterator[Call]:
        for scope in self.scopes:
            yield from scope.calls

    def memo(self, name: str, compute: Callable[[], T]) -> T:
        """Derived facts that several rules share, computed once per file."""
        if name not in self._memo:
            self._memo[name] = compute()
        return self._memo[name]

    def scope_defined_at(self, name: cst.Name) -> Scope | None:
        """The function or class whose `def`/`class` statement has the name node `name` (a
        summary's origin, a binding's `def`)."""
        by_name = self.memo(
            "scopes by name",
            lambda: {id(s.node.name): s for s in self.scopes[1:]},  # type: ignore[union-attr]
        )
        return by_name.get(id(name))

    def nested_scopes(self, scope: Scope) -> list[Scope]:
        """The functions and classes defined directly in `scope`."""
        children = self.memo("children", self._children)
        return children.get(id(scope), [])

    def _children(self) -> dict[int, list[Scope]]:
        children: dict[int, list[Scope]] = {}
        for scope in self.scopes:
            if scope.parent is not None:
                children.setdefault(id(scope.parent), []).append(scope)
        return children

    def position(self, node: cst.CSTNode) -> CodeRange:
        if (where := self._python_positions().range(node)) is not None:
            return where
        # libcst's positions cost more than the parse, so only the nodes Python's parser did not
        # place pay for them, and only the nodes findings point at: calls and bindings.
        if self._positions is None:
            self._positions = node_ranges(self.module, self.source, self._reportable_nodes())
        if node not in self._positions:
            wrapper = MetadataWrapper(self.module, unsafe_skip_copy=True)
            self._positions = dict(wrapper.resolve(PositionProvider))
        return self._positions[node]

    def _reportable_nodes(self) -> set[cst.CSTNode]:
        """Calls and simple statements; compound statements take their end from their body."""
        nodes: set[cst.CSTNode] = set()
        for scope in self.scopes:
            nodes.update(call.node for call in scope.calls)
            if isinstance(scope.node, cst.FunctionDef | cst.ClassDef):
                nodes.add(scope.node.name)
            for bindings in scope.bindings.values():
                nodes.update(
                    b.node for b in bindings if not isinstance(b.node, cst.BaseCompoundStatement)
                )
        return nodes

    def line(self, node: cst.CSTNode) -> int:
        line = self._python_positions().line(node)
        return line if line is not None else self.position(node).start.line

    def _python_positions(self) -> PythonPositions:
        return self.memo("python_positions", self._read_python_positions)

    def _read_python_positions(self) -> PythonPositions:
        calls = sorted(self.all_calls(), key=lambda call: call.order)
        definitions = [
            scope.node
            for scope in self.scopes
            if isinstance(scope.node, cst.FunctionDef | cst.ClassDef)
        ]
        return python_positions(
            self.source, [call.node for call in calls], self.assignments, definitions
        )

    def line_ref(self, node: cst.CSTNode) -> str:
        """`line 12`, or `cell 3, line 4` in a notebook: how messages point at another line."""
        cell, line = self.locate(self.line(node))
        return f"line {line}" if cell is None else f"cell {cell}, line {line}"

    def code(self, node: cst.CSTNode) -> str:
        # Generating code costs more than reading a name: `nn.Linear` needs no generator.
        if type(node) in (cst.Name, cst.Attribute) and not node.lpar:  # type: ignore[union-attr]
            name = dotted(node)  # type: ignore[arg-type]
            if name is not None:
                return name
        return self.module.code_for_node(node).strip()

    def qualify(self, expr: cst.BaseExpression) -> str | None:
        return self.imports.qualify(expr)

    # -- name resolution -------------------------------------------------------------------

    def resolve(self, key: str, scope: Scope, order: int) -> Binding | None:
        """The binding of `key` that is live at `order` in `scope`, looking outward like Python."""
        binding = scope.binding_before(key, order)
        if binding is not None:
            return binding
        if key in scope.params:
            return None
        if key.startswith("self.") and scope.klass is not None:
            return self.class_binding(scope.klass, key)
        if scope.bindings_of(key):
            return None  # bound only later in this scope: a loop back-edge we do not model
        parent = scope.parent
        while parent is not None and parent.kind == "class":
            parent = parent.parent
        if parent is None:
            return None
        candidates = [b for b in parent.bindings_of(key) if not b.augmented]
        return candidates[-1] if candidates else None

    def class_binding(self, klass: ClassInfo, key: str) -> Binding | None:
        """`self.x`: the binding made in `__init__`, else the only one in the whole class."""
        bindings = [b for b in klass.self_bindings.get(key, ()) if not b.augmented]
        in_init = [b for b in bindings if b.scope.name == "__init__"]
        if in_init:
            return in_init[-1]
        return bindings[0] if len(bindings) == 1 else None

    def called_functions(self, call: Call) -> list[Scope]:
        """Functions of this file that `call` may run: `helper(...)` or `self.helper(...)`."""
        key = call.key
        if key is None:
            return []
        if key.startswith("self.") and call.scope.klass is not None:
            method = call.scope.klass.methods.get(key[len("self.") :])
            return [method] if method is not None else []
        if "." in key:
            return []
        return [fn for fn in self.functions.get(key, ()) if fn.klass is None]

    def call_sites(self, function: Scope) -> list[Call]:
        """Calls that may run `function`: by its name, or for a method any `x.name(...)`."""
        by_last_name = self.memo("calls by last name", self._calls_by_last_name)
        calls = by_last_name.get(function.name, [])
        if function.klass is not None:
            return [c for c in calls if "." in c.key]  # type: ignore[operator]
        return [c for c in calls if c.key == function.name]

    def _calls_by_last_name(self) -> dict[str, list[Call]]:
        index: dict[str, list[Call]] = {}
        for call in self.all_calls():
            if call.key is not None:
                index.setdefault(call.key.rpartition(".")[2], []).append(call)
        return index


def _is_grad_disabling(facts: ModuleFacts, expr: cst.BaseExpression) -> bool | None:
    """True: no_grad(), inference_mode(), set_grad_enabled(x). False: enable_grad(). Else None."""
    call = expr if isinstance(expr, cst.Call) else None
    qualname = facts.qualify(call.func if call else expr)
    if qualname in torch_api.GRAD_DISABLING_CONTEXTS:
        if call and call.args and qualname.endswith("inference_mode"):
            first = call.args[0].value
            return not (isinstance(first, cst.Name) and first.value == "False")
        return True
    if qualname in torch_api.SET_GRAD_ENABLED and call is not None:
        # set_grad_enabled(phase == "train") manages the mode on purpose: trust it.
        return not (call.args and _is_literal(call.args[0].value, "True"))
    if qualname in torch_api.GRAD_ENABLING_CONTEXTS:
        return False
    return None


def _is_literal(expr: cst.BaseExpression, name: str) -> bool:
    return isinstance(expr, cst.Name) and expr.value == name


def _target_paths(
    target: cst.BaseExpression, path: tuple[int, ...] | None = ()
) -> Iterator[tuple[str, tuple[int, ...] | None]]:
    """Each dotted name a target binds, with its element path into the unpacked value."""
    if isinstance(target, cst.Tuple | cst.List):
        starred = False
        for index, element in enumerate(target.elements):
            starred = starred or isinstance(element, cst.StarredElement)
            inner = None if path is None or starred else (*path, index)
            yield from _target_paths(element.value, inner)
    elif isinstance(target, cst.StarredElement):
        yield from _target_paths(target.value, None)
    elif (key := dotted(target)) is not None:
        yield key, path


def _target_keys(target: cst.BaseExpression) -> list[str]:
    if isinstance(target, cst.Tuple | cst.List):
        keys: list[str] = []
        for element in target.elements:
            keys.extend(_target_keys(element.value))
        return keys
    if isinstance(target, cst.StarredElement):
        return _target_keys(target.value)
    key = dotted(target)
    return [key] if key is not None else []


class _Collector(cst.CSTVisitor):
    def __init__(self, facts: ModuleFacts) -> None:
        self.facts = facts
        self.order = 0
        self.scope_stack: list[Scope] = []
        self.loop_stack: list[list[Loop]] = []
        self.grad_stack: list[list[bool | None]] = []
        self.grad_off_from_statement: list[bool] = []
        self.statement_call: cst.Call | None = None
        self.statement_starts: list[int] = []
        self.comprehensions: list[list[Binding]] = []
        self.open_arithmetic: list[ArithmeticUse | None] = []

    # -- scopes --------------------------------------------------------------------------

    @property
    def scope(self) -> Scope:
        return self.scope_stack[-1]

    def _tick(self) -> int:
        self.order += 1
        return self.order

    def _push_scope(self, scope: Scope, inherited_grad_off: bool) -> None:
        scope.start = self._tick()
        self.facts.scopes.append(scope)
        self.scope_stack.append(scope)
        self.loop_stack.append([])
        self.grad_stack.append([True] if inherited_grad_off else [])
        self.grad_off_from_statement.append(False)

    def _pop_scope(self) -> None:
        self.scope.end = self._tick()
        self.scope_stack.pop()
        self.loop_stack.pop()
        self.grad_stack.pop()
        self.grad_off_from_statement.pop()

    def _grad_disabled(self) -> bool:
        for state in reversed(self.grad_stack[-1]):
            if state is not None:
                return state
        return self.grad_off_from_statement[-1]

    def visit_Module(self, node: cst.Module) -> None:
        self._push_scope(Scope("module", node, "<module>", None), inherited_grad_off=False)

    def leave_Module(self, original_node: cst.Module) -> None:
        self._pop_scope()

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        base_qualnames: list[str] = []
        base_keys: list[str] = []
        for base in node.bases:
            if (qualname := self.facts.qualify(base.value)) is not None:
                base_qualnames.append(qualname)
            if (key := dotted(base.value)) is not None:
                base_keys.append(key)
        info = ClassInfo(node.name.value, node, base_qualnames, base_keys)
        self.facts.classes.setdefault(info.name, info)
        self._bind(node.name.value, None, None, node)
        scope = Scope("class", node, info.name, self.scope, klass=info)
        self._push_scope(scope, inherited_grad_off=False)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._pop_scope()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        enclosing = self.scope
        self._bind(node.name.value, None, None, node)
        klass = enclosing.klass if enclosing.kind == "class" else None
        decorator_qualnames = []
        decorated_no_grad = False
        for decorator in node.decorators:
            expr = decorator.decorator
            qualname = self.facts.qualify(expr.func if isinstance(expr, cst.Call) else expr)
            if qualname is not None:
                decorator_qualnames.append(qualname)
            if _is_grad_disabling(self.facts, expr):
                decorated_no_grad = True
        scope = Scope(
            "function",
            node,
            node.name.value,
            enclosing,
            klass=klass,
            decorator_qualnames=decorator_qualnames,
            decorated_no_grad=decorated_no_grad,
        )
        inherited = decorated_no_grad or (enclosing.kind == "function" and self._grad_disabled())
        self._push_scope(scope, inherited_grad_off=inherited)
        params = node.params
        for param in (*params.posonly_params, *params.params, *params.kwonly_params):
            scope.params.append(param.name.value)
        for star in (params.star_arg, params.star_kwarg):
            if isinstance(star, cst.Param):
                scope.params.append(star.name.value)
        if klass is not None:
            klass.methods.setdefault(scope.name, scope)
        self.facts.functions.setdefault(scope.name, []).append(scope)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._pop_scope()

    # -- bindings ------------------------------------------------------------------------

    def _bind(
        self,
        key: str,
        value: cst.BaseExpression | None,
        origin: cst.BaseExpression | None,
        node: cst.CSTNode,
        augmented: bool = False,
        start: int | None = None,
        unpack: tuple[int, ...] | None = None,
    ) -> None:
        scope = self.scope
        order = self._tick()
        binding = Binding(
            key,
            value,
            origin,
            order,
            node,
            scope,
            augmented,
            start or order,
            self._grad_disabled(),
            unpack,
        )
        scope.bindings.setdefault(key, []).append(binding)
        if key.startswith("self.") and scope.klass is not None:
            scope.klass.self_bindings.setdefault(key, []).append(binding)

    def _bind_target(
        self,
        target: cst.BaseExpression,
        value: cst.BaseExpression | None,
        node: cst.CSTNode,
        start: int,
    ) -> None:
        same_shape = (
            isinstance(target, cst.Tuple | cst.List)
            and isinstance(value, cst.Tuple | cst.List)
            and len(target.elements) == len(value.elements)
        )
        if same_shape:
            for t, v in zip(target.elements, value.elements, strict=True):
                self._bind_target(t.value, v.value, node, start)
            return
        if (key := dotted(target)) is not None:
            self._bind(key, value, value, node, start=start)
            return
        for key, path in _target_paths(target):
            self._bind(key, None, value, node, start=start, unpack=path)

    # Assignments bind when they are left, after the calls in their value; the tick taken on
    # entry marks where the statement starts.
    def _enter_statement(self, node: cst.CSTNode) -> None:
        self.statement_starts.append(self._tick())

    def _enter_assignment(self, node: CstStatement) -> None:
        self.facts.assignments.append(node)
        self._enter_statement(node)

    visit_Assign = visit_AnnAssign = visit_AugAssign = _enter_assignment
    visit_NamedExpr = _enter_statement

    def leave_Assign(self, original_node: cst.Assign) -> None:
        start = self.statement_starts.pop()
        for target in original_node.targets:
            self._bind_target(target.target, original_node.value, original_node, start)

    def leave_AnnAssign(self, original_node: cst.AnnAssign) -> None:
        start = self.statement_starts.pop()
        if original_node.value is not None:
            self._bind_target(original_node.target, original_node.value, original_node, start)

    def leave_AugAssign(self, original_node: cst.AugAssign) -> None:
        start = self.statement_starts.pop()
        target = original_node.target
        key = dotted(target)
        if key is None and isinstance(target, cst.Subscript) and dotted(target.value):
            key = f"{dotted(target.value)}[]"  # `stats["loss"] += loss`: an entry of `stats`
        if key is not None:
            value = original_node.value
            self._bind(key, value, value, original_node, augmented=True, start=start)

    def leave_NamedExpr(self, original_node: cst.NamedExpr) -> None:
        start = self.statement_starts.pop()
        self._bind_target(original_node.target, original_node.value, original_node, start)

    def visit_AsName(self, node: cst.AsName) -> None:
        for key in _target_keys(node.name):  # type: ignore[arg-type]
            self._bind(key, None, None, node)

    # -- control flow --------------------------------------------------------------------

    def _enter_comprehension(self, node: cst.BaseComp | cst.DictComp) -> None:
        targets: list[Binding] = []
        comp: cst.CompFor | None = node.for_in
        while comp is not None:
            for key, path in _target_paths(comp.target):
                order = self._tick()
                target = Binding(key, None, comp.iter, order, comp, self.scope, unpack=path)
                self.scope.comprehension_targets.setdefault(key, []).append(target)
                targets.append(target)
            comp = comp.inner_for_in
        self.comprehensions.append(targets)

    def _leave_comprehension(self, original_node: cst.BaseComp | cst.DictComp) -> None:
        end = self._tick()
        for target in self.comprehensions.pop():
            target.end = end

    visit_ListComp = visit_SetComp = visit_GeneratorExp = visit_DictComp = _enter_comprehension
    leave_ListComp = leave_SetComp = leave_GeneratorExp = leave_DictComp = _leave_comprehension

    def visit_For(self, node: cst.For) -> None:
        loop = Loop(node, self._tick(), 0, self.scope)
        self.scope.loops.append(loop)
        self.loop_stack[-1].append(loop)
        for key, path in _target_paths(node.target):
            self._bind(key, None, node.iter, node, unpack=path)  # a path into one element

    def leave_For(self, original_node: cst.For) -> None:
        self.loop_stack[-1].pop().end = self._tick()

    def visit_While(self, node: cst.While) -> None:
        loop = Loop(node, self._tick(), 0, self.scope)
        self.scope.loops.append(loop)
        self.loop_stack[-1].append(loop)

    def leave_While(self, original_node: cst.While) -> None:
        self.loop_stack[-1].pop().end = self._tick()

    def visit_With(self, node: cst.With) -> None:
        state = None
        for item in node.items:
            disabling = _is_grad_disabling(self.facts, item.item)
            if disabling is not None:
                state = disabling
        self.grad_stack[-1].append(state)

    def leave_With(self, original_node: cst.With) -> None:
        self.grad_stack[-1].pop()

    def visit_Return(self, node: cst.Return) -> None:
        self.scope.returns.append((node.value, self._tick()))

    def visit_Assert(self, node: cst.Assert) -> None:
        self.scope.has_assert = True

    def visit_Import(self, node: cst.Import) -> None:
        self.facts.imports.add_import(node)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self.facts.imports.add_import_from(node)

    # -- expressions ---------------------------------------------------------------------

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        call = Call(
            node=node,
            key=dotted(func),
            qualname=self.facts.qualify(func),
            order=self._tick(),
            scope=self.scope,
            grad_disabled=self._grad_disabled(),
            loops=tuple(self.loop_stack[-1]),
            discarded=node is self.statement_call,
        )
        self.scope.calls.append(call)

    def visit_Expr(self, node: cst.Expr) -> None:
        # A bare `torch.set_grad_enabled(False)` statement switches the mode for what follows.
        value = node.value
        self.statement_call = value if isinstance(value, cst.Call) else None
        if (
            isinstance(value, cst.Call)
            and self.facts.qualify(value.func) in torch_api.SET_GRAD_ENABLED
        ):
            self.grad_off_from_statement[-1] = not (
                value.args and _is_literal(value.args[0].value, "True")
            )

    def visit_BinaryOperation(self, node: cst.BinaryOperation) -> None:
        use = None
        if isinstance(node.operator, cst.Subtract | cst.Divide):
            use = ArithmeticUse(node, self._tick(), self.scope)
            self.facts.arithmetic.append(use)
        self.open_arithmetic.append(use)

    def leave_BinaryOperation(self, original_node: cst.BinaryOperation) -> None:
        use = self.open_arithmetic.pop()
        if use is not None:
            use.end = self._tick()


def _top_level_imports(body: Sequence[cst.CSTNode]) -> Iterator[cst.Import | cst.ImportFrom]:
    """Imports at module level, including those under `if`/`try`, known before any use."""
    for statement in body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Import | cst.ImportFrom):
                    yield small
        elif isinstance(statement, cst.If | cst.Try):
            yield from _top_level_imports(statement.body.body)
            for handler in getattr(statement, "handlers", ()):
                yield from _top_level_imports(handler.body.body)
            orelse = statement.orelse
            if orelse is not None:
                yield from _top_level_imports(orelse.body.body)


def collect_facts(
    path: str,
    source: str,
    module: cst.Module,
    locate: Callable[[int], tuple[int | None, int]] = lambda line: (None, line),
) -> ModuleFacts:
    facts = ModuleFacts(path, source, module, locate)
    for statement in _top_level_imports(module.body):
        if isinstance(statement, cst.Import):
            facts.imports.add_import(statement)
        else:
            facts.imports.add_import_from(statement)
    Walker(_Collector(facts)).walk(module)
    return facts
