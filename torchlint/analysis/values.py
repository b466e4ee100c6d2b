"""Abstract values and function summaries: what an expression holds, as far as training cares.

`Values(facts).value_of(expr, scope, order)` follows an expression through bindings, tuple
unpacking, `self.` attributes, calls of local and imported functions and methods, model calls
(`model(x)`, `self(x)`, `model.forward(x)`), containers such as `nn.Sequential`, and tensor
methods that keep a property (`.view`, `.float()`, indexing).

Functions and classes get summaries, computed on demand and memoized: what a function returns in
terms of its parameters (`ParamValue`), which of its parameters reach the prediction argument of a
loss, and what it does once per call (backward, optimizer steps, gradient resets). Summaries of
other project modules arrive as `Exports` (plain, picklable data), so a file's analysis depends
only on its own text and the exports of the modules it imports. Recursion between functions is cut
by marking a summary in progress; depth is bounded everywhere.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace

import libcst as cst

from torchlint.analysis import layout, torch_api
from torchlint.analysis.facts import Binding, Call, ClassInfo, ModuleFacts, Scope
from torchlint.analysis.layout import DType
from torchlint.analysis.names import dotted, last_name, mentions, root_name
from torchlint.analysis.places import Place, place_of
from torchlint.analysis.torch_api import Activation, LossKind

_MAX_DEPTH = 14
# How a value was cut short: not at all; by the depth bound alone (the same question at the same
# depth has the same answer); or by a cycle or a class still being built (it depends on the path
# that asked).
_WHOLE, _DEPTH_CUT, _CYCLE_CUT = 0, 1, 2


@dataclass(frozen=True)
class Origin:
    """Where a value is made: a node of this file, or a line of another file of the project."""

    node: cst.CSTNode | None = field(default=None, compare=False, hash=False, repr=False)
    path: str | None = None
    place: Place | None = None  # where in `path`

    @property
    def line(self) -> int | None:
        return self.place.line if self.place is not None else None

    def describe(self, facts: ModuleFacts) -> str:
        if self.node is not None:
            return facts.line_ref(self.node)
        where = os.path.relpath(self.path or "", os.path.dirname(os.path.abspath(facts.path)))
        return f"{where}, line {self.line}"


class Value:
    """An abstract value; the subclasses say what is known."""


@dataclass(frozen=True)
class TensorValue(Value):
    activation: Activation | None = None  # the last activation applied, if known
    origin: Origin | None = None  # where that activation is applied
    loss: LossKind | None = None  # the result of a loss: attached to the graph
    # The layout, where the code shows it (see analysis/layout.py), and where it was made.
    dtype: DType | None = None
    one_hot: bool = False  # `F.one_hot`, rows of `eye(n)`: a last dimension of 0/1 entries
    rank: int | None = None
    features: int | None = None  # the size of the last dimension
    made: Origin | None = None
    pixels: bool = False  # raw 0-255 image values (decoded images, a dataset's `.data`)


@dataclass(frozen=True)
class ModuleValue(Value):
    name: str  # what the user wrote: `Net`, `nn.Linear`
    identity: Hashable  # equal for the same object
    output: Value | None = None  # what calling it returns
    mode_dependent: bool | None = None  # has dropout / batch norm
    loss: LossKind | None = None  # a loss module: calling it computes this loss ...
    loss_input: int | None = None  # ... on this positional argument
    klass: str | None = None  # a class of this file whose `self.` attributes it has
    is_module: bool = True  # False: an instance of a plain class (a Trainer)
    methods: Methods = ()  # for instances of other modules
    # Its constructor builds layers with parameters (a head), beside any module passed to it.
    own_parameters: bool = False
    # A network from a model zoo (torchvision.models, timm): tens of layers whose activations
    # autograd keeps for every batch.
    from_zoo: bool = False


@dataclass(frozen=True)
class FreshValue(Value):
    """A new object of unknown kind: `torch.load(path)`, a deep copy."""

    identity: Hashable


@dataclass(frozen=True)
class SchedulerValue(Value):
    """A learning-rate scheduler from `torch.optim.lr_scheduler`."""

    kind: str  # the class: `StepLR`
    per_iteration: bool  # sized in iterations (`T_max=epochs * len(loader)`), not epochs
    origin: Origin


@dataclass(frozen=True)
class LoaderValue(Value):
    """A `DataLoader`."""

    shuffled: bool  # False: the same order every epoch (no shuffle, no sampler)
    origin: Origin
    batch: Value | None = None  # what iterating it yields, when the default collate builds it
    # Its batches come out on the CPU: the default collate, or a collate function of this file
    # that makes tensors without moving them to a device.
    cpu_batches: bool = False


@dataclass(frozen=True)
class ImageValue(Value):
    """A PIL image: `Image.open(path).convert("RGB")`."""


@dataclass(frozen=True)
class DatasetValue(Value):
    """A map-style dataset: `TensorDataset(x, y)`, a `Subset`; `item` is what `ds[i]` returns."""

    item: Value | None
    pixels: TensorValue | None = None  # `.data` of a torchvision image dataset: uint8 images


@dataclass(frozen=True)
class DictValue(Value):
    """A dict with string keys: a dataset sample `{"image": x, "label": y}`, or a batch of them."""

    entries: tuple[tuple[str, Value | None], ...]


@dataclass(frozen=True)
class TableValue(Value):
    """A pandas DataFrame: `df["price"]` is one column, of rank 1."""


@dataclass(frozen=True)
class SequenceOf(Value):
    """A list or iterator whose every element is `element`: `random_split(...)`, `enumerate`."""

    element: Value | None


@dataclass(frozen=True)
class TupleValue(Value):
    elements: tuple[Value | None, ...]


@dataclass(frozen=True)
class ParamValue(Value):
    """The argument passed for parameter `index` (counting `self`) of the summarized function."""

    index: int


@dataclass(frozen=True)
class OutputOf(Value):
    """What calling `callee` (a parameter) returns."""

    callee: Value


@dataclass(frozen=True)
class ExpLogOf(Value):
    """`torch.exp(v)` or `v.log()` of a value known only from the callers (`model(x)` of a model
    parameter): made concrete with it, `exp` of log_softmax output is softmax probabilities."""

    inner: Value
    function: str  # "exp" or "log"
    origin: Origin


@dataclass(frozen=True)
class CropOf(Value):
    """`x[y0:y1, x0:x1]` of a value known only from the callers (a crop helper's `image`
    parameter): made concrete with it, the same values and rank, but not the same sizes."""

    inner: Value


@dataclass(frozen=True)
class LossInput:
    """Parameter `index` reaches the prediction argument of a `kind` loss at `origin`."""

    index: int
    kind: LossKind
    origin: Origin


@dataclass(frozen=True)
class ParamLoss:
    """The function computes a loss on the output of what is passed for parameter `model`, at
    `origin`: a loss passed for parameter `loss` (`criterion(model(x), y)`), or one of kind
    `kind` it makes itself (`F.nll_loss(model(x), y)`). In a class, `__init__` stores the model
    (and the loss) that its methods use: `self.criterion(self.model(x), y)`. The caller knows
    which model, and which loss."""

    model: int
    origin: Origin
    loss: int | None = None
    kind: LossKind | None = None


@dataclass(frozen=True)
class AutogradBreak:
    """The argument for parameter `index` reaches the return value only after `code` (in
    `function`, at `origin`) takes it out of autograd, as `what` does."""

    index: int
    what: str  # `.numpy()`
    code: str
    function: str
    origin: Origin


@dataclass(frozen=True)
class UnmovedInput:
    """The function feeds (a part of) the batch passed for parameter `batch`, never moved, to
    the model passed for parameter `model`, at `forward`; `dropped` is a move of the batch whose
    result it throws away (`images.to(device)` as a statement of its own)."""

    model: int
    batch: int
    forward: Origin
    dropped: Origin | None = None


@dataclass(frozen=True)
class FunctionSummary:
    name: str
    origin: Origin
    params: tuple[str, ...]
    is_method: bool
    returns: Value | None = None
    loss_inputs: tuple[LossInput, ...] = ()
    param_losses: tuple[ParamLoss, ...] = ()
    # Once per call, outside loops of its own. Targets: `#0.opt` (parameter 0's `.opt`),
    # `self.optimizer`, or a module-level name; "" in `resets` resets every optimizer.
    steps: frozenset[str] = frozenset()
    step_origins: tuple[tuple[str, Origin], ...] = ()
    resets: frozenset[str] = frozenset()
    # Steps that apply gradients this function reset itself, with no backward in between:
    # (optimizer, where the reset is, where the step is). Gradients the caller computed
    # before the call are wiped before they are used.
    wiped_steps: tuple[tuple[str, Origin, Origin], ...] = ()
    backward: bool = False
    backpropagates: frozenset[int] = frozenset()  # parameters it runs backward on, anywhere
    no_grad: bool = False  # runs with gradients disabled: `@torch.no_grad()`, a project decorator
    # A decorator that calls the function it wraps with gradients disabled.
    wraps_without_grad: bool = False
    # Parameters added into `self.` attributes (`self.sum += val`): a running total.
    accumulates: frozenset[int] = frozenset()
    # The mode each parameter is left in: (index, "eval"|"train"), or "unknown" where the function
    # switches it to a mode the code does not show (`model.train(was_training)`).
    leaves_mode: tuple[tuple[int, str], ...] = ()
    returns_mode: str | None = None  # `return model.eval()`: the model it returns is in eval mode
    # Parameters whose forward runs (`model(x)`), anywhere in the function; and those whose
    # forward runs with gradients enabled (what training can update: not a frozen teacher).
    runs_forward: frozenset[int] = frozenset()
    forward_with_grad: frozenset[int] = frozenset()
    to_train: frozenset[int] = frozenset()  # parameters it calls `.train()` on, anywhere
    trains: bool = False  # runs backward somewhere (in its own loops too)
    # Parameters whose model parameters what it returns holds (a parameter list, groups, or
    # an optimizer built on them), and whether it returns an optimizer.
    parameters_of: frozenset[int] = frozenset()
    returns_optimizer: bool = False
    # Parameters normalized with their own statistics (`(x - x.mean()) / x.std()`, a scaler fit).
    normalizes: frozenset[int] = frozenset()
    # (normalized, skipping): normalized so only when parameter `skipping` is not passed (a
    # scaler fitted under `if scaler is None:`).
    normalizes_unless: tuple[tuple[int, int], ...] = ()
    # Parameters it returns cut into row splits (`return X[idx[:n]], X[idx[n:]]`).
    splits: frozenset[int] = frozenset()
    # Where it normalizes data it loads itself with that data's own statistics, data that what
    # calling it gives holds: the dataset its `__init__` builds, or the part `own_part` of what
    # it returns (`(0,)`: the first element of a returned tuple).
    normalizes_own: Origin | None = None
    own_part: tuple[int, ...] = ()
    # Parameters a training loop of its own iterates: the loaders it trains on.
    trains_over: frozenset[int] = frozenset()
    # Optimizer parameters it steps, anywhere: `run(model, loader, optimizer=None)` called
    # without one evaluates instead.
    stepped_params: frozenset[int] = frozenset()
    # `.step()` of parameters and `self.` attributes (schedulers, once the caller knows them),
    # as targets like `steps`, with where: once per call, outside loops of its own;
    # once per batch of a training loop of its own (or of a function it calls); and those
    # without arguments, anywhere (a ReduceLROnPlateau needs its metric).
    scheduler_steps: tuple[tuple[str, Origin], ...] = ()
    batch_scheduler_steps: tuple[tuple[str, Origin], ...] = ()
    bare_scheduler_steps: tuple[tuple[str, Origin], ...] = ()
    # `self.x = param` (in `__init__`): (`self.x`, the parameter's index).
    stores: tuple[tuple[str, int], ...] = ()
    # (model parameter, loader parameter, forward): its loop feeds unmoved batches to the model.
    unmoved_batches: tuple[tuple[int, int, Origin], ...] = ()
    # Batches it is given and feeds, unmoved, to a model it is given (`train_step(model, batch)`).
    unmoved_inputs: tuple[UnmovedInput, ...] = ()
    evaluates: bool = False  # an evaluation function (see training.is_evaluation_function)
    # Divides a tensor (`x / 255`, `x.div(255)`), itself or in a module or function it calls:
    # a `forward` that may scale raw pixels.
    divides: bool = False
    # Methods it calls on parameters (`module.validation_step(batch)`), itself or in functions
    # it calls: (parameter, method, whether gradients are disabled there). Callers that know the
    # object see which of its methods run with gradients.
    method_calls: tuple[tuple[int, str, bool], ...] = ()
    # Parameters it takes softmax over dim 0 of, itself or in a function or module it calls,
    # with where: batch-first scores passed there are normalized across the batch.
    batch_softmax: tuple[tuple[int, Origin], ...] = ()
    # For a function outside classes: the first break on the way from each parameter to the
    # return value (a `forward` of another module calling it loses its gradient there).
    autograd_breaks: tuple[AutogradBreak, ...] = ()


class MethodTable:
    """The method summaries of a class, shared by every exported instance of it. It is filled
    after it is made, so the instances its own methods return (`add` of a `Num` returning a
    `Num`) refer back to it: a copy in each instance would grow as the number of methods to the
    power of the nesting depth."""

    def __init__(self) -> None:
        self._methods: tuple[tuple[str, FunctionSummary], ...] = ()

    def fill(self, methods: Iterable[tuple[str, FunctionSummary]]) -> None:
        self._methods = tuple(methods)

    def __iter__(self) -> Iterator[tuple[str, FunctionSummary]]:
        return iter(self._methods)

    def __repr__(self) -> str:  # the summaries inside may lead back here
        return f"MethodTable({', '.join(name for name, _ in self._methods)})"


Methods = tuple[tuple[str, FunctionSummary], ...] | MethodTable


@dataclass(frozen=True)
class FunctionValue(Value):
    summary: FunctionSummary
    bound: Value | None = None  # `self` for a bound method


@dataclass(frozen=True)
class ClassValue(Value):
    """A class: calling it builds `instance` (with a fresh identity)."""

    name: str
    instance: Value | None
    methods: Methods = ()
    lightning: bool = False  # a LightningModule, maybe through project base classes


# What another module of the project exports: name -> value (no CST nodes inside).
Exports = Mapping[str, Value]
ImportResolver = Callable[[int, str], Value | None]


def _no_imports(level: int, name: str) -> Value | None:
    return None


def values_of(facts: ModuleFacts) -> Values:
    """The file's value analysis, built once and shared by every rule."""
    return facts.memo("values", lambda: Values(facts, facts.imported))


def concrete(values: Values, value: Value | None, scope: Scope, depth: int = 0) -> Value | None:
    """A value in terms of a function's parameters, made concrete from the function's call sites
    in this file, when they all agree: `def train(model, ...)` called as `train(Net(), ...)`."""
    if not _symbolic(value, 0) or depth > 3:
        return value
    function = _enclosing_function(scope)
    if function is None:
        return None
    summary = values.signature(function)  # all `arguments` needs: summarizing would recurse
    found: Value | None = None
    klass = function.klass
    if function.name == "__init__" and klass is not None:
        sites = [c for c in values.facts.all_calls() if c.key == klass.name]
    else:
        sites = [c for c in values.facts.call_sites(function) if c.scope is not function]
    for site in sites:
        bound = klass is not None and (site.receiver_key is not None or site.key == klass.name)
        arguments = values.arguments(summary, bound, site.node)
        instance = values._instantiate(value, None, arguments, site.scope, site.order, 0)
        instance = concrete(values, instance, site.scope, depth + 1)
        found = instance if found is None else _join(found, instance)
        if found is None:
            return None
    return found


def summary_run_by_calling(callee: Value | None) -> FunctionSummary | None:
    """What calling `callee` runs: a function's summary, or a class's `__init__` (a Dataset or
    a trainer built with its parts)."""
    if isinstance(callee, FunctionValue):
        return callee.summary
    if isinstance(callee, ClassValue):
        return dict(callee.methods).get("__init__")
    return None


def _symbolic(value: Value | None, depth: int) -> bool:
    if isinstance(value, ParamValue | OutputOf | ExpLogOf | CropOf):
        return True
    if isinstance(value, TupleValue) and depth < 4:
        return any(_symbolic(e, depth + 1) for e in value.elements)
    return False


class Values:
    def __init__(self, facts: ModuleFacts, imported: ImportResolver = _no_imports) -> None:
        self.facts = facts
        self.imported = imported
        self._memo: dict[tuple[int, int], Value | None] = {}
        self._depth_cut_memo: dict[tuple[int, int, int], Value | None] = {}
        self._evaluating: set[tuple[int, int]] = set()
        self._cut = _WHOLE  # how the value being computed was cut short
        self._summaries: dict[int, FunctionSummary | None] = {}
        self._signatures: dict[int, FunctionSummary] = {}
        self._classes: dict[str, ClassValue | None] = {}
        self._building: set[str] = set()  # classes whose value is being computed

    # -- expressions ------------------------------------------------------------------------

    def value_of(
        self, expr: cst.BaseExpression, scope: Scope, order: int, depth: int = 0
    ) -> Value | None:
        if depth > _MAX_DEPTH:
            self._cut = max(self._cut, _DEPTH_CUT)
            return None
        memo_key = (id(expr), order)
        if memo_key in self._memo:
            if memo_key in self._evaluating:  # a cycle through this expression yields nothing
                self._cut = _CYCLE_CUT
            return self._memo[memo_key]
        depth_key = (id(expr), order, depth)
        if depth_key in self._depth_cut_memo:
            self._cut = max(self._cut, _DEPTH_CUT)
            return self._depth_cut_memo[depth_key]
        self._memo[memo_key] = None
        self._evaluating.add(memo_key)
        outer, self._cut = self._cut, _WHOLE
        value = self._evaluate(expr, scope, order, depth)
        self._evaluating.discard(memo_key)
        if self._cut == _WHOLE:
            self._memo[memo_key] = value
        else:
            # Right for this question, but asked from elsewhere the expression may be known in
            # full, so it is not kept for every question. Cut by the depth bound alone, it is
            # kept for this depth: the deeper links of a long chain (`x.a().b()...`, asked for
            # as a receiver and again as the callee) were otherwise explored again for every
            # question, exponentially in the bound.
            del self._memo[memo_key]
            if self._cut == _DEPTH_CUT:
                self._depth_cut_memo[depth_key] = value
        self._cut = max(outer, self._cut)
        return value

    def _evaluate(
        self, expr: cst.BaseExpression, scope: Scope, order: int, depth: int
    ) -> Value | None:
        if isinstance(expr, cst.Call):
            return self._call_value(expr, scope, order, depth)
        if isinstance(expr, cst.Subscript):
            container = self.value_of(expr.value, scope, order, depth + 1)
            return self._subscript(container, expr, scope, order, depth)
        if isinstance(expr, cst.Tuple | cst.List):
            if any(isinstance(e, cst.StarredElement) for e in expr.elements):
                return None
            return TupleValue(
                tuple(self.value_of(e.value, scope, order, depth + 1) for e in expr.elements)
            )
        if isinstance(expr, cst.Dict):
            entries = []
            for element in expr.elements:
                if not isinstance(element, cst.DictElement) or not isinstance(
                    element.key, cst.SimpleString
                ):
                    return None
                value = self.value_of(element.value, scope, order, depth + 1)
                entries.append((element.key.evaluated_value, value))
            return DictValue(tuple(entries))  # type: ignore[arg-type]
        if isinstance(expr, cst.ListComp) and expr.for_in.inner_for_in is None:
            element = self.value_of(expr.elt, scope, order, depth + 1)
            return SequenceOf(element) if isinstance(element, TensorValue) else None
        if isinstance(expr, cst.DictComp) and _moves_each_entry(expr):
            # `{k: v.to(device) for k, v in batch.items()}`: the same entries, moved.
            items = expr.for_in.iter
            return self.value_of(items.func.value, scope, order, depth + 1)  # type: ignore[attr-defined]
        if isinstance(expr, cst.DictComp):
            return self._keyed_comprehension(expr, scope, order, depth)
        if isinstance(expr, cst.BinaryOperation):
            sides = [
                self.value_of(side, scope, order, depth + 1) for side in (expr.left, expr.right)
            ]
            losses = [v for v in sides if isinstance(v, TensorValue) and v.loss is not None]
            if losses:
                return TensorValue(loss=losses[0].loss)
            return _arithmetic(expr, sides)
        key = dotted(expr)
        if key is not None:
            return self._name_value(key, scope, order, depth)
        if isinstance(expr, cst.Attribute):
            owner = self.value_of(expr.value, scope, order, depth + 1)
            return self._attribute(owner, expr.attr.value, depth)
        return None

    def _name_value(self, key: str, scope: Scope, order: int, depth: int) -> Value | None:
        facts = self.facts
        binding = facts.resolve(key, scope, order)
        if binding is not None:
            value = self._binding_value(binding, depth)
            if binding.scope is not scope and _symbolic(value, 0):
                # `self.model = model` in __init__: a parameter of another method, made
                # concrete from that method's callers (for __init__, the constructor calls).
                value = concrete(self, value, binding.scope)
            return value
        head, _, rest = key.partition(".")
        function = _enclosing_function(scope)
        if (
            function is not None
            and head in function.params
            and facts.resolve(head, scope, order) is None
        ):
            if head == "self" and function.klass is not None and function.params[0] == "self":
                owner: Value | None = self._self_value(function)
            else:
                owner = ParamValue(function.params.index(head))
            return self._attributes(owner, rest, depth) if rest else owner
        if scope.bindings_of(key) or ("." not in key and key in scope.params):
            return None
        if "." in key:
            origin = facts.imports.imported(head)
            if origin is not None and facts.resolve(head, scope, order) is None:
                level, target = origin  # `import engine` ... `engine.train_step(...)`
                found = self.imported(level, f"{target}.{rest}")
                if found is not None:
                    return found
            owner = self._name_value(head, scope, order, depth + 1)
            if owner is None:
                return None
            return self._attributes(owner, rest, depth)
        local_class = facts.classes.get(key)
        if local_class is not None and _defined_at_module_level(facts, key):
            return self.class_value(key)
        functions = [fn for fn in facts.functions.get(key, ()) if fn.parent is facts.module_scope]
        if len(functions) == 1:
            return FunctionValue(self.function_summary(functions[0]))
        origin = facts.imports.imported(key)
        if origin is not None:
            return self.imported(*origin)
        return None

    def _attributes(self, owner: Value | None, path: str, depth: int) -> Value | None:
        for attribute in path.split("."):
            owner = self._attribute(owner, attribute, depth)
            if owner is None:
                return None
        return owner

    def _attribute(self, owner: Value | None, attribute: str, depth: int) -> Value | None:
        if isinstance(owner, DatasetValue) and attribute == "data":
            return owner.pixels
        if isinstance(owner, TensorValue) and attribute in _SAME_DATA_ATTRIBUTES:
            return owner
        if isinstance(owner, TableValue) and attribute in ("values", "iloc"):
            return TensorValue(rank=2)  # `df.values`; `df.iloc[:, -1]` indexes like a matrix
        if isinstance(owner, ModuleValue) and owner.klass is not None:
            info = self.facts.classes.get(owner.klass)
            if info is not None:
                method = info.methods.get(attribute)
                if method is not None:
                    return FunctionValue(self.function_summary(method), owner)
                binding = self.facts.class_binding(info, f"self.{attribute}")
                if binding is not None:
                    value = self._binding_value(binding, depth + 1)
                    # `self.y = y` in __init__: what the constructor calls pass.
                    return concrete(self, value, binding.scope) if _symbolic(value, 0) else value
        if isinstance(owner, ClassValue | ModuleValue):
            methods = dict(owner.methods)
            if attribute in methods:
                return FunctionValue(methods[attribute], owner)
        return None

    def _binding_value(self, binding: Binding, depth: int) -> Value | None:
        if binding.value is not None:
            value = self.value_of(binding.value, binding.scope, binding.order, depth + 1)
            if (
                isinstance(value, ModuleValue)
                and isinstance(binding.value, cst.Call)
                and self.facts.qualify(binding.value.func) == "torch.nn.Sequential"
            ):
                return self._with_added_layers(value, binding, depth)
            return value
        node = binding.node
        if isinstance(node, cst.FunctionDef):
            function = self.facts.scope_defined_at(node.name)
            return FunctionValue(self.function_summary(function)) if function else None
        if isinstance(node, cst.ClassDef):
            return self.class_value(node.name.value)
        if binding.unpack is not None and binding.origin is not None:
            value = self.value_of(binding.origin, binding.scope, binding.order, depth + 1)
            if isinstance(
                value, OutputOf | ParamValue
            ):  # `probs, feats = model(x)`, `x, y = batch`
                value = concrete(self, value, binding.scope)
            if not binding.unpacks_origin:  # `for x, y in loader`: an element of the iterable
                value = self.element_of(value)
            for index in binding.unpack:
                if isinstance(value, SequenceOf):
                    value = value.element
                elif isinstance(value, TupleValue) and index < len(value.elements):
                    value = value.elements[index]
                else:
                    return None
            return value
        return None

    def _with_added_layers(self, container: ModuleValue, binding: Binding, depth: int) -> Value:
        """`seq = nn.Sequential()`, then `seq.add_module("head", layer)` in the same scope: the
        container returns what its last added layer returns, when that call always runs."""
        scope = binding.scope
        rebound = [b.order for b in scope.bindings_of(binding.key) if b.order > binding.order]
        end = min(rebound, default=scope.end + 1)
        added = [
            c
            for c in scope.calls
            if c.method == "add_module"
            and c.receiver_key == binding.key
            and binding.order < c.order < end
        ]
        if not added:
            return container
        last = max(added, key=lambda c: c.order)
        layer_expr = last.argument(1, "module")
        if layer_expr is None or id(last.node) not in _unconditional_statements(scope):
            return replace(container, output=None)
        layer = self.value_of(layer_expr, scope, last.order, depth + 1)
        return replace(container, output=layer.output if isinstance(layer, ModuleValue) else None)

    def _listed_layers(
        self, listed: cst.BaseExpression, scope: Scope, order: int
    ) -> Iterator[tuple[cst.BaseExpression, Scope, int]]:
        """The layers of a list unpacked into a container (`nn.Sequential(*layers)`), each with
        where it is added: a list literal or comprehension, or a name bound to one in `scope`
        and grown before `order` (see `_layers_added`)."""
        if isinstance(listed, cst.List | cst.ListComp):
            yield from ((layer, scope, order) for layer in _list_elements(listed))
            return
        key = dotted(listed)
        binding = self.facts.resolve(key, scope, order) if key is not None else None
        if binding is None or binding.scope is not scope:
            return
        if isinstance(binding.value, cst.List | cst.ListComp):
            yield from ((layer, scope, binding.order) for layer in _list_elements(binding.value))
            yield from _layers_added(binding, order)

    def _self_value(self, function: Scope) -> Value | None:
        klass = function.klass
        if klass is None:
            return None
        if klass.name not in self._classes and not _derives_from_module(self, klass.name):
            # A plain class (a Trainer): its instance needs none of the method summaries that
            # `class_value` builds, and building them from inside one of its methods would
            # summarize that method while its own calls are being evaluated.
            return ModuleValue(klass.name, ("self", klass.name), klass=klass.name, is_module=False)
        class_value = self.class_value(klass.name)
        if class_value is not None and isinstance(class_value.instance, ModuleValue):
            return replace(class_value.instance, identity=("self", klass.name))
        return ModuleValue(klass.name, ("self", klass.name), klass=klass.name)

    # -- calls ------------------------------------------------------------------------------

    def _call_value(self, call: cst.Call, scope: Scope, order: int, depth: int) -> Value | None:
        facts = self.facts
        func = call.func
        qualname = facts.qualify(func)
        root = qualname.split(".", 1)[0] if qualname is not None else None
        if root == "tqdm" and call.args:  # `tqdm(loader)` yields what the loader yields
            return self.value_of(call.args[0].value, scope, order, depth + 1)
        if qualname == "sklearn.model_selection.train_test_split":
            # `X_tr, X_te, y_tr, y_te = train_test_split(X, y)`: each split keeps its layout.
            arrays = [a.value for a in call.args if a.keyword is None and not a.star]
            splits = [self.value_of(a, scope, order, depth + 1) for a in arrays]
            return TupleValue(tuple(split for split in splits for _ in range(2)))
        if root == "pandas":
            return TableValue() if last_name(qualname or "") in _TABLE_MAKERS else None
        if root in ("PIL", "cv2") or qualname in torch_api.IMAGE_DECODERS:
            return self._image_call(qualname, call, scope, order, depth)  # type: ignore[arg-type]
        if root == "numpy" and last_name(qualname or "") in _NUMPY_KEEPING and call.args:
            kept = self._kept(call.args[0].value, scope, order, depth)
            if isinstance(kept, TensorValue) and last_name(qualname or "") == "rot90":
                kept = replace(kept, features=None)
            return kept
        if root == "numpy":
            return self._tensor_constructor(qualname, call, scope, order, depth)  # type: ignore[arg-type]
        if root in _KNOWN_LIBRARIES:
            return self._library_call(qualname, call, scope, order, depth)  # type: ignore[arg-type]
        if isinstance(func, cst.Attribute) and qualname is None:
            method = func.attr.value
            receiver = self.value_of(func.value, scope, order, depth + 1)
            # `self.softmax(x)` calls a submodule (maybe an `nn.LogSoftmax`), not a tensor method.
            if method in torch_api.ACTIVATION_TENSOR_METHODS and not isinstance(
                receiver, ModuleValue
            ):
                return TensorValue(torch_api.ACTIVATION_TENSOR_METHODS[method], Origin(call))
            if isinstance(receiver, TableValue):
                return _table_method(method, call)
            if isinstance(receiver, ImageValue):
                return receiver if method in _IMAGE_KEEPING else None
            if receiver is None and (method in _LAYOUT_METHODS or _casts(method, call)):
                receiver = TensorValue()  # `y.long()`: a tensor, whatever else `y` is
            if isinstance(receiver, TensorValue):
                if method in ("detach", "cpu", "numpy") and receiver.loss is not None:
                    return replace(receiver, loss=None)
                if method in ("exp", "log"):
                    return _exp_log(receiver, method, Origin(call))
                return _relaid(receiver, method, call)
            if isinstance(receiver, ModuleValue):
                if method in torch_api.MODULE_METHODS_RETURNING_SELF:
                    return receiver
                if method == "forward":
                    return receiver.output
            if isinstance(receiver, ParamValue | OutputOf | ExpLogOf):
                if method in ("exp", "log"):
                    return ExpLogOf(receiver, method, Origin(call))
                if (
                    method in torch_api.VALUE_PRESERVING_TENSOR_METHODS
                    or method in torch_api.MODULE_METHODS_RETURNING_SELF
                ):
                    return receiver
        if (
            isinstance(func, cst.Name)
            and qualname is None
            and facts.resolve(func.value, scope, order) is None
        ):
            if func.value in _ITERATION_BUILTINS:
                return self._iteration_builtin(func.value, call, scope, order, depth)
            if func.value in ("int", "float") and call.args:
                dtype = DType.INTEGER if func.value == "int" else DType.FLOAT
                return TensorValue(dtype=dtype, rank=0, made=Origin(call))  # collates to [N]
        callee = self.value_of(func, scope, order, depth + 1)
        return self.call_result(callee, call, scope, order, depth)

    def call_result(
        self, callee: Value | None, call: cst.Call, scope: Scope, order: int, depth: int
    ) -> Value | None:
        """What calling `callee` with `call`'s arguments returns."""
        if isinstance(callee, ModuleValue):
            if callee.loss is not None:
                return TensorValue(loss=callee.loss)
            return callee.output
        if isinstance(callee, ClassValue):
            if isinstance(callee.instance, ModuleValue):
                return replace(callee.instance, identity=("new", id(call)))
            return callee.instance
        if isinstance(callee, FunctionValue):
            arguments = self.arguments(callee.summary, callee.bound is not None, call)
            return self._instantiate(
                callee.summary.returns, callee.bound, arguments, scope, order, depth + 1
            )
        if isinstance(callee, ParamValue | OutputOf):
            return OutputOf(callee)
        return None

    def arguments(
        self, summary: FunctionSummary, bound: bool, call: cst.Call
    ) -> dict[int, cst.BaseExpression]:
        """Parameter index -> the argument expression passed for it."""
        passed: dict[int, cst.BaseExpression] = {}
        offset = 1 if summary.is_method and bound else 0
        for position, arg in enumerate(a for a in call.args if a.keyword is None):
            if arg.star:
                break
            if position + offset < len(summary.params):
                passed[position + offset] = arg.value
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value in summary.params:
                passed[summary.params.index(arg.keyword.value)] = arg.value
        return passed

    def _instantiate(
        self,
        value: Value | None,
        bound: Value | None,
        arguments: Mapping[int, cst.BaseExpression],
        scope: Scope,
        order: int,
        depth: int,
    ) -> Value | None:
        if depth > _MAX_DEPTH:
            return None
        if isinstance(value, ParamValue):
            if value.index == 0 and bound is not None:
                return bound
            argument = arguments.get(value.index)
            return self.value_of(argument, scope, order, depth + 1) if argument else None
        if isinstance(value, OutputOf):
            callee = self._instantiate(value.callee, bound, arguments, scope, order, depth + 1)
            if isinstance(callee, ModuleValue):
                return TensorValue(loss=callee.loss) if callee.loss else callee.output
            return OutputOf(callee) if isinstance(callee, ParamValue | OutputOf) else None
        if isinstance(value, ExpLogOf):
            inner = self._instantiate(value.inner, bound, arguments, scope, order, depth + 1)
            if isinstance(inner, TensorValue):
                return _exp_log(inner, value.function, value.origin)
            return replace(value, inner=inner) if _symbolic(inner, 0) else None
        if isinstance(value, CropOf):
            inner = self._instantiate(value.inner, bound, arguments, scope, order, depth + 1)
            if isinstance(inner, TensorValue):
                return replace(inner, features=None, one_hot=False)
            return CropOf(inner) if _symbolic(inner, 0) else None  # type: ignore[arg-type]
        if isinstance(value, TupleValue):
            return TupleValue(
                tuple(
                    self._instantiate(e, bound, arguments, scope, order, depth + 1)
                    for e in value.elements
                )
            )
        return value

    def _library_call(
        self, qualname: str, call: cst.Call, scope: Scope, order: int, depth: int
    ) -> Value | None:
        if qualname in torch_api.ACTIVATION_FUNCTIONS:
            return TensorValue(torch_api.ACTIVATION_FUNCTIONS[qualname], Origin(call))
        kind = torch_api.loss_function_kind(qualname)
        if kind is not None:
            return TensorValue(loss=kind)
        if qualname in ("torch.exp", "torch.log") and call.args:
            inner = self.value_of(call.args[0].value, scope, order, depth + 1)
            if isinstance(inner, TensorValue):
                return _exp_log(inner, last_name(qualname), Origin(call))
            if isinstance(inner, ParamValue | OutputOf | ExpLogOf):
                return ExpLogOf(inner, last_name(qualname), Origin(call))
            return None
        if qualname in torch_api.COPY_FUNCTIONS and call.args:
            inner = self.value_of(call.args[0].value, scope, order, depth + 1)
            if isinstance(inner, ModuleValue):
                return replace(inner, identity=("new", id(call)))
            return FreshValue(("new", id(call)))
        if qualname in ("torch.load", "torch.jit.load"):
            return FreshValue(("new", id(call)))
        if qualname in torch_api.DATALOADER_CLASSES:
            from torchlint.analysis.training import loader_shuffles

            shuffled = loader_shuffles(self.facts, call, scope, order)
            batch = self._batch(call, scope, order, depth)
            return LoaderValue(
                shuffled, Origin(call), batch, self._collates_on_cpu(call, scope, order)
            )
        if qualname in _DATASET_FUNCTIONS:
            return self._dataset(qualname, call, scope, order, depth)
        if qualname in torch_api.IMAGE_DATASETS:
            return DatasetValue(
                None, TensorValue(dtype=DType.INTEGER, made=Origin(call), pixels=True)
            )
        if qualname == "torch.nn.functional.interpolate" and call.args:
            inner = self._tensor(call.args[0].value, scope, order, depth)
            return replace(inner, made=Origin(call)) if inner is not None else None
        tensor = self._tensor_constructor(qualname, call, scope, order, depth)
        if tensor is not None:
            return tensor
        if qualname.startswith(torch_api.SCHEDULER_MODULE):
            from torchlint.analysis.training import sized_in_iterations

            return SchedulerValue(
                last_name(qualname),
                sized_in_iterations(self.facts, call, scope, order),
                Origin(call),
            )
        return self.library_module(qualname, call, scope, order, depth)

    def library_module(
        self, qualname: str, call: cst.Call, scope: Scope, order: int, depth: int
    ) -> Value | None:
        """`nn.Linear(...)`, `nn.Sequential(...)`, `nn.CrossEntropyLoss()`, torchvision models."""
        name = self.facts.code(call.func)
        identity = ("new", id(call))
        kind = torch_api.loss_class_kind(qualname)
        if kind is not None:
            return ModuleValue(name, identity, loss=kind, loss_input=0)
        if qualname in torch_api.ACTIVATION_MODULES:
            # No parameters: calling it is no forward pass of a model.
            output = TensorValue(torch_api.ACTIVATION_MODULES[qualname], Origin(call))
            return ModuleValue(name, identity, output, mode_dependent=False, is_module=False)
        if qualname in torch_api.LOGIT_LAYERS:
            out_features = call.args[1].value if len(call.args) > 1 else None
            for arg in call.args:
                if arg.keyword is not None and arg.keyword.value == "out_features":
                    out_features = arg.value
            features = layout.integer(out_features)
            output = TensorValue(
                Activation.LOGITS, Origin(call), features=features, made=Origin(call)
            )
            return ModuleValue(name, identity, output, mode_dependent=False)
        if qualname == "torch.nn.Sequential":
            layers = [
                self.value_of(layer, scope, order, depth + 1) for layer in _sequential_layers(call)
            ]
            last = layers[-1] if layers else None
            # `nn.Sequential(*layers)`: which layers the list holds says whether any of them
            # depends on the mode, though not which one comes last.
            listed = [
                self.value_of(layer, where, at, depth + 1)
                for starred in call.args
                if starred.star == "*"
                for layer, where, at in self._listed_layers(starred.value, scope, order)
            ]
            modes = [
                layer.mode_dependent
                for layer in (*layers, *listed)
                if isinstance(layer, ModuleValue)
            ]
            output = last.output if isinstance(last, ModuleValue) else None
            starred = any(arg.star == "*" for arg in call.args)
            every_layer_known = len(modes) == len(layers) + len(listed) and (listed or not starred)
            return ModuleValue(name, identity, output, _mode_dependent(modes, every_layer_known))
        if qualname.startswith(("torchvision.models.", "timm.create_model")):
            return ModuleValue(name, identity, mode_dependent=True, from_zoo=True)
        short = last_name(qualname)
        if qualname.startswith("torch.nn.") and short[:1].isupper():
            return ModuleValue(name, identity, mode_dependent=short.startswith(_MODE_DEPENDENT))
        return None

    # -- tensors and data -------------------------------------------------------------------

    def _image_call(
        self, qualname: str, call: cst.Call, scope: Scope, order: int, depth: int
    ) -> Value | None:
        """Decoded images: `Image.open(p)` (a PIL image), `cv2.imread(p)` and
        `torchvision.io.read_image(p)` (uint8 pixels), cv2 operations that keep them."""
        made = Origin(call)
        if qualname == "PIL.Image.open":
            return ImageValue()
        if qualname.startswith("PIL.ImageOps.") and last_name(qualname) in _IMAGE_OPS_KEEPING:
            image = (
                self.value_of(call.args[0].value, scope, order, depth + 1) if call.args else None
            )
            return image if isinstance(image, ImageValue) else None
        if qualname in torch_api.IMAGE_DECODERS or qualname == "cv2.imread":
            return TensorValue(dtype=DType.INTEGER, rank=3, made=made, pixels=True)
        if qualname.startswith("cv2.") and last_name(qualname) in _CV2_KEEPING and call.args:
            return self._kept(call.args[0].value, scope, order, depth)
        return None

    def _kept(self, expr: cst.BaseExpression, scope: Scope, order: int, depth: int) -> Value | None:
        """The tensor an operation that keeps its values returns (a flip, a rotation, a resize):
        the tensor it is given, or in a helper's summary the parameter it is given."""
        value = self.value_of(expr, scope, order, depth + 1)
        return value if isinstance(value, TensorValue | ParamValue | OutputOf) else None

    def _tensor_constructor(
        self, qualname: str, call: cst.Call, scope: Scope, order: int, depth: int
    ) -> TensorValue | None:
        """`torch.tensor(y, dtype=torch.long)`, `np.array(...)`, `torch.randn(n, 1)`,
        `F.one_hot(y)`: a tensor with the dtype and rank the call shows."""
        short = last_name(qualname)
        positional = [a.value for a in call.args if a.keyword is None and not a.star]
        keywords = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
        named = layout.dtype_named(keywords.get("dtype"))
        made = Origin(call)
        if qualname == "torch.nn.functional.one_hot" and positional:
            indices = self._tensor(positional[0], scope, order, depth)
            rank = indices.rank + 1 if indices is not None and indices.rank is not None else None
            classes = keywords.get("num_classes", positional[1] if len(positional) > 1 else None)
            return TensorValue(
                dtype=DType.INTEGER,
                one_hot=True,
                rank=rank,
                features=layout.integer(classes),
                made=made,
            )
        if short == "eye" and positional:  # rows of an identity matrix are one-hot vectors
            size = layout.integer(positional[0])
            return TensorValue(
                dtype=named or DType.FLOAT, one_hot=True, rank=2, features=size, made=made
            )
        if short in _DATA_CONSTRUCTORS and positional:
            source = self.value_of(positional[0], scope, order, depth + 1)
            if isinstance(source, ImageValue):
                return TensorValue(dtype=named or DType.INTEGER, rank=3, made=made, pixels=True)
            dtype, rank = self._data_layout(positional[0], scope, order, depth)
            if short in _TYPED_CONSTRUCTORS:
                dtype = layout.dtype_named(cst.Name(short))
            data = source if isinstance(source, TensorValue) else None
            if data is not None and data.pixels and (named or dtype) in (None, data.dtype):
                made = data.made or made  # `torch.from_numpy(pixels)`: made where they were
            one_hot = data is not None and data.one_hot
            features = data.features if data is not None else None
            pixels = data is not None and data.pixels
            return TensorValue(
                dtype=named or dtype,
                one_hot=one_hot,
                rank=rank,
                features=features,
                made=made,
                pixels=pixels,
            )
        if short == "stack" and positional:
            # `np.stack([np.array(Image.open(p)) for p in paths])`: a batch of images
            images = self.value_of(positional[0], scope, order, depth + 1)
            element = images.element if isinstance(images, SequenceOf) else None
            if isinstance(element, TensorValue) and element.pixels:
                rank = element.rank + 1 if element.rank is not None else None
                return replace(element, rank=rank, dtype=named or element.dtype, made=made)
            return None
        if short in _SIZED_CONSTRUCTORS and not any(a.star for a in call.args):
            sizes = (
                positional[:1] if short == "full" or qualname.startswith("numpy.") else positional
            )
            if short == "randint":
                sizes = [keywords["size"]] if "size" in keywords else positional[-1:]
            float_default = short not in ("randint", "randperm", "arange")
            return TensorValue(
                dtype=named or (DType.FLOAT if float_default else DType.INTEGER),
                rank=1 if short in ("randperm", "arange") else layout.sizes_rank(sizes),
                features=None if short in ("randperm", "arange") else layout.last_size(sizes),
                made=made,
            )
        if short in _ELEMENTWISE_FUNCTIONS and positional:
            inner = self._tensor(positional[0], scope, order, depth)
            if inner is not None:
                return TensorValue(
                    dtype=DType.FLOAT, rank=inner.rank, features=inner.features, made=inner.made
                )
        if short in ("loadtxt", "genfromtxt"):
            columns = keywords.get("usecols")
            one = columns is not None and layout.integer(columns) is not None
            return TensorValue(dtype=named or DType.FLOAT, rank=1 if one else 2, made=made)
        if short.endswith("_like") and positional:
            like = self._tensor(positional[0], scope, order, depth)
            if like is not None:
                return replace(
                    like, dtype=named or like.dtype, activation=None, loss=None, made=made
                )
        return None

    def _tensor(
        self, expr: cst.BaseExpression, scope: Scope, order: int, depth: int
    ) -> TensorValue | None:
        value = self.value_of(expr, scope, order, depth + 1)
        return value if isinstance(value, TensorValue) else None

    def _data_layout(
        self, data: cst.BaseExpression, scope: Scope, order: int, depth: int
    ) -> tuple[DType | None, int | None]:
        """The dtype and rank of the data a tensor is made of: a literal, a list of tensors."""
        dtype, rank = layout.literal_layout(data)
        if rank is not None or not isinstance(data, cst.List | cst.Tuple):
            if rank is None and (value := self._tensor(data, scope, order, depth)) is not None:
                return value.dtype, value.rank
            return dtype, rank
        elements = [self._tensor(e.value, scope, order, depth) for e in data.elements]
        layouts = {(e.dtype, e.rank) if e is not None else None for e in elements}
        if len(layouts) == 1 and (inner := layouts.pop()) is not None and inner[1] is not None:
            return inner[0], inner[1] + 1
        return None, None

    def _dataset(
        self, qualname: str, call: cst.Call, scope: Scope, order: int, depth: int
    ) -> Value | None:
        positional = [a.value for a in call.args if a.keyword is None]
        if last_name(qualname) == "TensorDataset":
            if any(a.star or a.keyword is not None for a in call.args):
                return None
            columns = [self.value_of(c, scope, order, depth + 1) for c in positional]
            return DatasetValue(TupleValue(tuple(_sample(c) for c in columns)))
        whole = self.value_of(positional[0], scope, order, depth + 1) if positional else None
        if last_name(qualname) == "random_split":
            return SequenceOf(whole)
        return whole  # a `Subset` yields the samples of the dataset it selects from

    def _batch(self, loader: cst.Call, scope: Scope, order: int, depth: int) -> Value | None:
        """What a DataLoader yields when the default collate stacks the dataset's samples."""
        keywords = {a.keyword.value: a.value for a in loader.args if a.keyword is not None}
        positional = [a.value for a in loader.args if a.keyword is None and not a.star]
        dataset = keywords.get("dataset", positional[0] if positional else None)
        if dataset is None or "collate_fn" in keywords or len(positional) > 5:
            return None
        if (
            isinstance(keywords.get("batch_size"), cst.Name)
            and keywords["batch_size"].value == "None"
        ):  # type: ignore[attr-defined]
            return None
        return _collated(self.item_of(self.value_of(dataset, scope, order, depth + 1)))

    def _collates_on_cpu(self, loader: cst.Call, scope: Scope, order: int) -> bool:
        """No `collate_fn`, or one defined in this file that never moves a tensor (no `.to`,
        `.cuda()` or `device=`)."""
        collate = next(
            (a.value for a in loader.args if a.keyword and a.keyword.value == "collate_fn"), None
        )
        if collate is None:
            return True
        callee = self.value_of(collate, scope, order)
        if not isinstance(callee, FunctionValue) or callee.summary.origin.node is None:
            return False
        function = next(
            (
                s
                for s in self.facts.scopes
                if getattr(s.node, "name", None) is callee.summary.origin.node
            ),
            None,
        )
        if function is None:
            return False
        return not any(
            c.method in ("to", "cuda", "type")
            or any(a.keyword is not None and a.keyword.value == "device" for a in c.node.args)
            for inner in (function, *self.facts.nested_scopes(function))
            for c in inner.calls
        )

    def item_of(self, dataset: Value | None) -> Value | None:
        """What `dataset[i]` returns: a `TensorDataset` row, a user dataset's `__getitem__`."""
        if isinstance(dataset, DatasetValue):
            return dataset.item
        if not isinstance(dataset, ModuleValue) or dataset.is_module:
            return None
        methods = dict(dataset.methods)
        if dataset.klass is not None and (info := self.facts.classes.get(dataset.klass)):
            method = info.methods.get("__getitem__")
            if method is not None:
                methods["__getitem__"] = self.function_summary(method)
        getitem = methods.get("__getitem__")
        returned = getitem.returns if getitem is not None else None
        return None if _symbolic(returned, 0) else returned

    def element_of(self, iterable: Value | None) -> Value | None:
        """What iterating `iterable` yields: a loader's batches, a dataset's samples."""
        if isinstance(iterable, LoaderValue):
            return iterable.batch
        if isinstance(iterable, SequenceOf):
            return iterable.element
        if isinstance(iterable, TensorValue):
            return _sample(iterable)
        return self.item_of(iterable)

    def _iteration_builtin(
        self, name: str, call: cst.Call, scope: Scope, order: int, depth: int
    ) -> Value | None:
        """`enumerate(loader)`, `zip(a, b)`, `iter(loader)`, `next(it)`, `list(loader)`."""
        arguments = [
            self.value_of(a.value, scope, order, depth + 1)
            for a in call.args
            if a.keyword is None and not a.star
        ]
        # `enumerate(loader)` of a parameter `loader`: the loader the callers pass, as a loop
        # straight over `loader` would see it.
        arguments = [concrete(self, a, scope) if _symbolic(a, 0) else a for a in arguments]
        if not arguments or any(a.star for a in call.args):
            return None
        if name == "enumerate":
            return SequenceOf(TupleValue((None, self.element_of(arguments[0]))))
        if name == "zip":
            return SequenceOf(TupleValue(tuple(self.element_of(a) for a in arguments)))
        if name == "next":
            return self.element_of(arguments[0])
        return SequenceOf(self.element_of(arguments[0]))  # `iter(...)`, `list(...)`

    def _subscript(
        self, container: Value | None, expr: cst.Subscript, scope: Scope, order: int, depth: int
    ) -> Value | None:
        """`pair[0]`, `batch["label"]`, `x[:, 0]`, `dataset[i]`: an element of `container`."""
        if isinstance(container, TupleValue):
            index = _literal_index(expr)
            if index is not None and -len(container.elements) <= index < len(container.elements):
                return container.elements[index]
            return None
        if isinstance(container, SequenceOf):
            return container.element
        if isinstance(container, ParamValue | OutputOf | CropOf) and _slices_only(expr):
            if _keeps_every_element(expr):
                return container  # `img[:, ::-1]` of a parameter: its values, flipped
            return container if isinstance(container, CropOf) else CropOf(container)
        if isinstance(container, TensorValue):
            return _indexed(container, expr, self._index_ranks(expr, scope, order, depth))
        if isinstance(container, DictValue | TableValue):
            key = self._constant(expr, scope, order)
            if key is None and isinstance(container, DictValue):
                return self._entry_per_loop_key(container, expr, scope, order)
            return _entry(container, expr, key)
        return self.item_of(container)

    def _keyed_comprehension(
        self, comp: cst.DictComp, scope: Scope, order: int, depth: int
    ) -> Value | None:
        """`{x: DataLoader(...) for x in ["train", "val"]}`: one entry per key, each holding
        what the comprehension builds."""
        loop = comp.for_in
        if (
            loop.inner_for_in is not None
            or loop.ifs
            or not isinstance(loop.target, cst.Name)
            or not isinstance(comp.key, cst.Name)
            or comp.key.value != loop.target.value
        ):
            return None
        keys = self._string_keys(loop.iter, scope, order)
        if keys is None:
            return None
        value = self.value_of(comp.value, scope, order, depth + 1)
        return DictValue(tuple((key, value) for key in keys))

    def _entry_per_loop_key(
        self, container: DictValue, index: cst.Subscript, scope: Scope, order: int
    ) -> Value | None:
        """`loaders[phase]` inside `for phase in ["train", "val"]`: what holds of every entry
        the loop takes."""
        key = index.slice[0].slice.value if len(index.slice) == 1 else None  # type: ignore[attr-defined]
        if not isinstance(key, cst.Name):
            return None
        binding = self.facts.resolve(key.value, scope, order)
        if binding is None or binding.unpacks_origin or binding.unpack != ():
            return None
        keys = self._string_keys(binding.origin, binding.scope, binding.order)
        entries = dict(container.entries)
        if not keys or any(k not in entries for k in keys):
            return None
        found = entries[keys[0]]
        for k in keys[1:]:
            found = _join(found, entries[k])
        return found

    def _string_keys(
        self, expr: cst.BaseExpression | None, scope: Scope, order: int
    ) -> list[str] | None:
        """The strings of a literal list or tuple (`["train", "val"]`), or of a name bound to
        one."""
        if isinstance(expr, cst.Name):
            binding = self.facts.resolve(expr.value, scope, order)
            expr = binding.value if binding is not None and binding.unpack is None else None
        if not isinstance(expr, cst.List | cst.Tuple):
            return None
        keys = [
            e.value.evaluated_value
            for e in expr.elements
            if isinstance(e, cst.Element) and isinstance(e.value, cst.SimpleString)
        ]
        strings = [k for k in keys if isinstance(k, str)]
        return strings if strings and len(strings) == len(expr.elements) else None

    def _index_ranks(
        self, index: cst.Subscript, scope: Scope, order: int, depth: int
    ) -> dict[str, int | None]:
        """The ranks of the names `index` uses: an index tensor's own rank, 0 for the sample
        index of `__getitem__` and for a counter of `range(...)` or `enumerate(...)`."""
        ranks: dict[str, int | None] = {}
        for element in index.slice:
            name = getattr(element.slice, "value", None)
            if not isinstance(name, cst.Name) or name.value == "None":
                continue
            value = self.value_of(name, scope, order, depth + 1)
            if isinstance(value, TensorValue) and value.rank is not None:
                ranks[name.value] = value.rank
            elif _counts(self.facts, name.value, scope, order):
                ranks[name.value] = 0
            elif _fold_indices(self.facts, name.value, scope, order):
                ranks[name.value] = 1
        return ranks

    def _constant(
        self, index: cst.Subscript, scope: Scope, order: int
    ) -> cst.BaseExpression | None:
        """The literal a one-name index holds: `df[TARGET]` with `TARGET = "price"`."""
        if len(index.slice) != 1 or not isinstance(index.slice[0].slice, cst.Index):
            return None
        key = index.slice[0].slice.value
        if not isinstance(key, cst.Name):
            return key
        binding = self.facts.resolve(key.value, scope, order)
        literal = binding.value if binding is not None and binding.unpack is None else None
        return literal if isinstance(literal, cst.SimpleString | cst.List) else None

    def resolved(self, expr: cst.BaseExpression, scope: Scope, order: int) -> Value | None:
        """The value of `expr`, with a function's parameters made concrete from its callers."""
        value = self.value_of(expr, scope, order)
        if value is None and isinstance(expr, cst.Subscript):
            # `batch["labels"]` of a parameter `batch`: an entry of what the callers pass.
            return self._subscript(self.resolved(expr.value, scope, order), expr, scope, order, 0)
        return concrete(self, value, scope) if _symbolic(value, 0) else value

    # -- summaries --------------------------------------------------------------------------

    def class_value(self, name: str) -> ClassValue | None:
        """A class of this file: a module (with its forward's output) or another class."""
        if name in self._classes:
            if name in self._building:
                # A placeholder: what the class's forward returns is not known yet, so what
                # is computed from it must not be kept (see `value_of`).
                self._cut = _CYCLE_CUT
            return self._classes[name]
        info = self.facts.classes.get(name)
        if info is None:
            return None
        self._classes[name] = ClassValue(name, ModuleValue(name, ("class", name), klass=name))
        self._building.add(name)
        instance: Value | None = None
        is_module = _derives_from_module(self, name)
        if is_module:
            forward = info.methods.get("forward")
            summary = self.function_summary(forward) if forward is not None else None
            loss = summary.loss_inputs[0] if summary and summary.loss_inputs else None
            output = summary.returns if summary is not None else None
            if isinstance(output, TensorValue) and output.loss is not None:
                output = None
            instance = ModuleValue(
                name,
                ("class", name),
                output=output
                if not isinstance(output, ParamValue | OutputOf | ExpLogOf | CropOf)
                else None,
                mode_dependent=self._class_mode_dependent(name),
                loss=loss.kind if loss is not None else None,
                loss_input=loss.index - 1 if loss is not None else None,
                klass=name,
                own_parameters=self._class_builds_parameters(info),
            )
        else:
            instance = ModuleValue(name, ("class", name), klass=name, is_module=False)
        methods = tuple(
            (method_name, self.function_summary(method))
            for method_name, method in info.methods.items()
            if not method_name.startswith("__") or method_name in ("__init__", "__getitem__")
        )
        value = ClassValue(name, instance, methods, _derives_from_lightning(self, name))
        self._building.discard(name)
        if any(self._in_progress(method) for method in info.methods.values()):
            # Asked for from inside one of its own methods' summaries (`self.fc(x)` in
            # `forward`): what that method returns is not known yet, so nothing is kept.
            del self._classes[name]
        else:
            self._classes[name] = value
        return value

    def is_lightning_class(self, name: str) -> bool:
        """A class of this file deriving, maybe through project classes, from LightningModule."""
        return _derives_from_lightning(self, name)

    def _class_builds_parameters(self, info: ClassInfo) -> bool:
        """`self.head = nn.Linear(...)` in `__init__`: layers with parameters of its own."""
        init = info.methods.get("__init__")
        return any(
            binding.scope is init
            and binding.value is not None
            and self._builds_parameters(binding.value, binding.scope, binding.order, 0)
            for bindings in info.self_bindings.values()
            for binding in bindings
        )

    def _builds_parameters(
        self, expr: cst.BaseExpression, scope: Scope, order: int, depth: int
    ) -> bool:
        expr = torch_api.strip_module_methods(expr)
        if not isinstance(expr, cst.Call) or depth > 3:
            return False
        qualname = self.facts.qualify(expr.func) or ""
        if qualname in torch_api.PARAMETER_LAYERS or qualname.startswith(
            ("torchvision.models.", "timm.create_model")
        ):
            return True
        if qualname in ("torch.nn.Sequential", "torch.nn.ModuleList"):
            layers = _sequential_layers(expr)
            if qualname == "torch.nn.ModuleList" and layers:
                first = layers[0]  # `nn.ModuleList([...])`, `nn.ModuleList([... for ...])`
                if isinstance(first, cst.List):
                    layers = [e.value for e in first.elements]
                else:
                    layers = [first.elt] if isinstance(first, cst.ListComp) else []
            return any(self._builds_parameters(e, scope, order, depth + 1) for e in layers)
        value = self.value_of(expr, scope, order)
        return isinstance(value, ModuleValue) and value.own_parameters

    def _in_progress(self, function: Scope) -> bool:
        return id(function) in self._summaries and self._summaries[id(function)] is None

    def _class_mode_dependent(self, name: str) -> bool | None:
        info = self.facts.classes.get(name)
        if info is None:
            return None
        if any(
            c.qualname == "torch.nn.functional.dropout"
            for method in info.methods.values()
            for c in method.calls
        ):
            return True
        for bindings in info.self_bindings.values():
            for binding in bindings:
                if binding.value is None:
                    continue
                value = self.value_of(binding.value, binding.scope, binding.order)
                if isinstance(value, ModuleValue) and value.mode_dependent:
                    return True
        added = []
        for call in (c for m in info.methods.values() for c in m.calls):
            if call.method == "add_module" and len(call.node.args) > 1:
                value = self.value_of(call.node.args[1].value, call.scope, call.order)
                if isinstance(value, ModuleValue) and value.mode_dependent:
                    return True
                added.append(value)
        return False if not added and self._only_mode_free_layers(info) else None

    def _only_mode_free_layers(self, info: ClassInfo) -> bool:
        """A direct `nn.Module` subclass whose `self.` attributes are constants or layers known
        to act the same in both modes, and that never reads `self.training`."""
        if info.base_qualnames != ["torch.nn.Module"]:
            return False
        reads_training = "training" in self.facts.source and any(
            mentions(method.node, "self.training") for method in info.methods.values()
        )
        if reads_training:
            return False
        for bindings in info.self_bindings.values():
            for binding in bindings:
                if isinstance(binding.value, cst.BaseNumber | cst.BaseString):
                    continue
                if binding.value is None:
                    return False
                value = self.value_of(binding.value, binding.scope, binding.order)
                if not (isinstance(value, ModuleValue) and value.mode_dependent is False):
                    return False
        return True

    def signature(self, function: Scope) -> FunctionSummary:
        """A summary that knows only the function's name, place and parameters."""
        key = id(function)
        if key not in self._signatures:
            params = tuple(function.params)
            is_method = function.klass is not None and bool(params) and params[0] == "self"
            origin = Origin(function.node.name)  # type: ignore[union-attr]
            self._signatures[key] = FunctionSummary(function.name, origin, params, is_method)
        return self._signatures[key]

    def function_summary(self, function: Scope) -> FunctionSummary:
        key = id(function)
        done = self._summaries.get(key)
        if done is not None:
            return done
        if key in self._summaries:  # in progress: a recursive call learns nothing
            # ... and what is computed from this empty stand-in must not be kept (see
            # `value_of`): asked again once the summary is done, the call is known in full.
            self._cut = _CYCLE_CUT
            return self.signature(function)
        self._summaries[key] = None
        head = self.signature(function)
        summary = FunctionSummary(
            head.name,
            head.origin,
            head.params,
            head.is_method,
            returns=self._returned(function),
            loss_inputs=tuple(self._loss_inputs(function)),
            param_losses=tuple(self._param_losses(function)),
            no_grad=self.decorated_without_grad(function),
            wraps_without_grad=self._wraps_without_grad(function),
            accumulates=_accumulated_parameters(function),
            **self._modes(function),
            unmoved_batches=self._unmoved_batches(function),
            unmoved_inputs=self._unmoved_inputs(function),
            **self._normalized(function),
            divides=self._divides(function),
            batch_softmax=self._batch_softmax(function),
            method_calls=self._method_calls(function),
            **self._parameters_returned(function),
            **self._effects(function),
        )
        self._summaries[key] = summary
        return summary

    def decorated_without_grad(self, function: Scope) -> bool:
        """`@torch.no_grad()`, or a decorator of the project that disables gradients."""
        if function.decorated_no_grad:
            return True
        for decorator in function.node.decorators:  # type: ignore[union-attr]
            expr = decorator.decorator
            # `@evaluation(...)`, a decorator factory, is what the factory returns.
            value = self.value_of(expr, function.parent or function, function.start)
            if isinstance(value, FunctionValue) and value.summary.wraps_without_grad:
                return True
        return False

    def _wraps_without_grad(self, function: Scope) -> bool:
        """`def wrapper(*a): with torch.no_grad(): return fn(*a)`, or `torch.no_grad()(fn)`."""
        wrapped = function.params[0] if function.params else None
        if wrapped is None:
            return False
        for call in function.calls:
            if isinstance(call.node.func, cst.Call) and call.node.args:
                argument = dotted(call.node.args[0].value)
                if argument == wrapped and _disables_grad(self.facts, call.node.func):
                    return True
        return any(
            call.key == wrapped and call.grad_disabled
            for scope in self.facts.nested_scopes(function)
            for call in scope.calls
        )

    def _returned(self, function: Scope) -> Value | None:
        found: Value | None = None
        returns = [(value, order) for value, order in function.returns if value is not None]
        if not returns:
            return None
        for value, order in returns:
            returned = self.value_of(value, function, order)
            found = returned if found is None else _join(found, returned)
            if found is None:
                return None
        return found

    def _loss_inputs(self, function: Scope) -> Iterator[LossInput]:
        for call in function.calls:
            for kind, prediction, origin in self.loss_predictions(call):
                if isinstance(prediction, Value):
                    continue
                value = self.value_of(prediction, call.scope, call.order)
                if isinstance(value, ParamValue):
                    yield LossInput(value.index, kind, origin)

    def _param_losses(self, function: Scope) -> Iterator[ParamLoss]:
        if function.klass is None:
            for call in function.calls:
                yield from self._handed_on_param_losses(call)
                model = self._model_parameter_predicted(call, call.positional(0))
                if model is None:
                    continue
                loss = self.value_of(call.node.func, call.scope, call.order)
                found = self._param_loss(
                    call, model, loss.index if isinstance(loss, ParamValue) else None
                )
                if found is not None:
                    yield found
        elif function.name == "__init__":
            yield from self._stored_param_losses(function)

    def _handed_on_param_losses(self, call: Call) -> Iterator[ParamLoss]:
        """`run(model, criterion)` that calls `train(model, criterion, ...)`: the losses of the
        helper it hands its own parameters to."""
        callee = self.value_of(call.node.func, call.scope, call.order)
        summary = summary_run_by_calling(callee)
        if summary is None or not summary.param_losses:
            return
        arguments = self.arguments(summary, isinstance(callee, ClassValue), call.node)

        def parameter(index: int | None) -> int | None:
            passed = arguments.get(index) if index is not None else None
            value = self.value_of(passed, call.scope, call.order) if passed is not None else None
            return value.index if isinstance(value, ParamValue) else None

        for param_loss in summary.param_losses:
            model, loss = parameter(param_loss.model), parameter(param_loss.loss)
            if model is not None and (loss is not None or param_loss.kind is not None):
                yield replace(param_loss, model=model, loss=loss)

    def _model_parameter_predicted(
        self, call: Call, prediction: cst.BaseExpression | None
    ) -> int | None:
        """`model(x)` for a parameter `model`: its index."""
        if prediction is None:
            return None
        predicted = self.value_of(prediction, call.scope, call.order)
        if isinstance(predicted, OutputOf) and isinstance(predicted.callee, ParamValue):
            return predicted.callee.index
        return None

    def _param_loss(self, call: Call, model: int, loss: int | None) -> ParamLoss | None:
        """The loss `call` computes on the output of parameter `model`: parameter `loss`, where
        the loss is one, or else a loss of known kind."""
        if loss is not None:
            return ParamLoss(model, Origin(call.node), loss=loss)
        kind = self.loss_kind(call)
        return ParamLoss(model, Origin(call.node), kind=kind) if kind is not None else None

    def _stored_param_losses(self, init: Scope) -> Iterator[ParamLoss]:
        """In the methods of `init`'s class: `self.criterion(self.model(x), y)`, or with the
        output in a local name first, where `__init__` stores the model from its parameters
        (and the loss, or makes one of known kind)."""
        stored = dict(stored_parameters(init))
        klass = init.klass
        assert klass is not None
        for method in klass.methods.values():
            for call in method.calls:
                prediction = call.positional(0)
                if isinstance(prediction, cst.Name):
                    binding = method.binding_before(prediction.value, call.order)
                    prediction = binding.value if binding is not None else None
                model = _stored_model_run(klass, prediction, stored)
                if model is None:
                    continue
                found = self._param_loss(call, model, stored.get(call.key or ""))
                if found is not None:
                    yield found

    def loss_predictions(
        self, call: Call
    ) -> Iterator[tuple[LossKind, cst.BaseExpression | Value, Origin]]:
        """The losses `call` computes on which of its arguments: direct, or through a helper; or
        on what a model passed to a helper returns (a `Value`)."""
        kind = self.loss_kind(call)
        if kind is not None:
            prediction = call.argument(0, "input")
            if prediction is not None:
                yield kind, prediction, Origin(call.node)
            return
        callee = self._loss_callee(call)
        if isinstance(callee, ModuleValue) and callee.loss is not None:
            index = callee.loss_input or 0
            prediction = call.positional(index)
            if prediction is not None:
                yield callee.loss, prediction, Origin(call.node)
        elif isinstance(callee, FunctionValue):
            arguments = self.arguments(callee.summary, callee.bound is not None, call.node)
            for loss_input in callee.summary.loss_inputs:
                argument = arguments.get(loss_input.index)
                if argument is not None:
                    yield loss_input.kind, argument, loss_input.origin
        summary = summary_run_by_calling(callee)
        # A helper of this file sees the values its callers pass (`concrete`) and reports there.
        if summary is not None and summary.param_losses and summary.origin.path is not None:
            yield from self._losses_of_passed_parts(call, summary, isinstance(callee, ClassValue))

    def _losses_of_passed_parts(
        self, call: Call, summary: FunctionSummary, bound: bool
    ) -> Iterator[tuple[LossKind, Value, Origin]]:
        """`train(model, nn.NLLLoss(), ...)`, `Trainer(model, criterion)`: the loss the helper
        computes on the model's output, both passed here."""
        arguments = self.arguments(summary, bound, call.node)
        seen = set()
        for param_loss in summary.param_losses:
            model = arguments.get(param_loss.model)
            model_value = self.value_of(model, call.scope, call.order) if model else None
            if not isinstance(model_value, ModuleValue) or model_value.output is None:
                continue
            kind = param_loss.kind
            if param_loss.loss is not None:
                loss = arguments.get(param_loss.loss)
                loss_value = self.value_of(loss, call.scope, call.order) if loss else None
                if isinstance(loss_value, ModuleValue) and loss_value.loss_input in (None, 0):
                    kind = loss_value.loss
            if kind is not None and kind not in seen:  # one finding for a train and a test loss
                seen.add(kind)
                yield kind, model_value.output, param_loss.origin

    def _loss_callee(self, call: Call) -> Value | None:
        """What `call` calls; a parameter (`criterion` passed in) is what the callers pass."""
        callee = self.value_of(call.node.func, call.scope, call.order)
        if isinstance(callee, ParamValue):
            callee = concrete(self, callee, call.scope)
        return callee

    def loss_kind(self, call: Call) -> LossKind | None:
        """The loss `call` computes itself: `F.cross_entropy(...)`, `criterion(...)`."""
        kind = torch_api.loss_function_kind(call.qualname)
        if kind is not None:
            return kind
        func = call.node.func
        if isinstance(func, cst.Call):
            return torch_api.loss_class_kind(self.facts.qualify(func.func))
        if call.key is None:
            return None
        callee = self._loss_callee(call)
        if isinstance(callee, ModuleValue) and callee.loss is not None and callee.loss_input == 0:
            return callee.loss if callee.klass is None else None
        return None

    def _effects(self, function: Scope) -> dict:
        """Backward, optimizer steps and gradient resets done once per call of `function`."""
        from torchlint.analysis.training import (
            backpropagated,
            batch_loop,
            resets_in,
            stepped_optimizer,
            trained_on,
        )

        facts = self.facts
        steps: set[str] = set()
        step_origins: list[tuple[str, Origin]] = []
        resets: set[str] = set()
        backward = False
        scheduler_steps: list[tuple[str, Origin]] = []
        batch_scheduler_steps: list[tuple[str, Origin]] = []
        bare_scheduler_steps: list[tuple[str, Origin]] = []
        bare_steps: list[tuple[str, Origin]] = []
        with_metric: list[tuple[str, Origin]] = []
        backpropagates: set[int] = set()

        def parameter_of(expr: cst.BaseExpression | None, order: int) -> None:
            root = root_name(expr)  # `out["loss"]` -> `out`
            unchanged = root is not None and function.binding_before(root, order) is None
            if root in function.params and root != "self" and unchanged:
                backpropagates.add(function.params.index(root))

        # Once-per-call resets since the last backward, and the steps that apply them.
        pending: dict[str, Origin] = {}
        wiped: list[tuple[str, Origin, Origin]] = []

        def wipe(target: str, step: Origin) -> None:
            reset = pending.get(target) or pending.get("")
            if reset is not None:
                wiped.append((target, reset, step))

        for call in function.calls:
            in_own_loop = any(loop.scope is function for loop in call.loops)
            stepped = self._stepped_target(call, function)
            if stepped is not None:
                where = (stepped, Origin(call.node))
                if not in_own_loop:
                    scheduler_steps.append(where)
                elif batch_loop(facts, call) is not None:
                    batch_scheduler_steps.append(where)
                (with_metric if call.node.args else bare_steps).append(where)
            if call.method in ("backward", "manual_backward"):
                backward = backward or not in_own_loop
                pending.clear()
                parameter_of(backpropagated(facts, call), call.order)
                continue
            if call.method == "zero_grad" and not in_own_loop and call.receiver_key is not None:
                target = self.target(call.receiver_key, function)
                pending[target if target is not None else ""] = Origin(call.node)
            optimizer = stepped_optimizer(facts, call)
            if optimizer is not None:
                if not in_own_loop:
                    target = self.target(optimizer, function)
                    if target is not None:
                        steps.add(target)
                        step_origins.append((target, Origin(call.node)))
                        wipe(target, Origin(call.node))
                continue
            callee = self.value_of(call.node.func, call.scope, call.order)
            if not isinstance(callee, FunctionValue):
                continue
            inner = callee.summary
            mapped = self.map_targets(inner, callee.bound is not None, call, function)
            resets.update(mapped(inner.resets))
            # The callee's once-per-call steps happen once per call here too, or once per
            # batch when it is called in a batch loop; its per-batch and bare steps stay so.
            if not in_own_loop:
                once = scheduler_steps
            elif batch_loop(facts, call) is not None:
                once = batch_scheduler_steps
            else:
                once = []
            for found, stepped_in in (
                (once, inner.scheduler_steps),
                (batch_scheduler_steps, inner.batch_scheduler_steps),
                (bare_scheduler_steps, inner.bare_scheduler_steps),
            ):
                found.extend((outer, o) for target, o in stepped_in for outer in mapped([target]))
            if inner.backpropagates:
                arguments = self.arguments(inner, callee.bound is not None, call.node)
                for index in inner.backpropagates:
                    parameter_of(arguments.get(index), call.order)
            if not in_own_loop:
                backward = backward or inner.backward
                if inner.backward:
                    pending.clear()
                for target, step_origin in inner.step_origins:
                    for outer in mapped([target]):
                        steps.add(outer)
                        step_origins.append((outer, step_origin))
                        if not inner.backward:
                            wipe(outer, step_origin)
                for target, reset_origin, step_origin in inner.wiped_steps:
                    wiped.extend((outer, reset_origin, step_origin) for outer in mapped([target]))
                if not inner.backward:
                    for target in mapped(inner.resets) or ({""} if inner.resets else set()):
                        pending[target] = Origin(call.node)
        for reset in resets_in(facts, function, function.start, function.end):
            target = self.target(reset.target, function) if reset.target else ""
            resets.add(target if target is not None else "")
        params = function.params
        trains_over = {
            params.index(key)
            for iterable, _ in trained_on(facts, function)
            if (key := dotted(iterable)) in params
        }
        stepped_params = {
            params.index(key)
            for call in function.calls
            if (key := stepped_optimizer(facts, call)) in params
        }
        return {
            "trains_over": frozenset(trains_over),
            "stepped_params": frozenset(stepped_params),
            "steps": frozenset(steps),
            "step_origins": tuple(step_origins),
            "resets": frozenset(resets),
            "backward": backward,
            "backpropagates": frozenset(backpropagates),
            "wiped_steps": tuple(wiped),
            "scheduler_steps": tuple(scheduler_steps),
            "batch_scheduler_steps": tuple(batch_scheduler_steps),
            # `if isinstance(sched, ReduceLROnPlateau): sched.step(metric) else: sched.step()`
            "bare_scheduler_steps": tuple(
                bare_scheduler_steps
                + [step for step in bare_steps if step[0] not in {t for t, _ in with_metric}]
            ),
            "stores": tuple(stored_parameters(function)),
        }

    def _divides(self, function: Scope) -> bool:
        facts = self.facts
        dividing = facts.memo(
            "dividing_scopes",
            lambda: {
                id(u.scope) for u in facts.arithmetic if isinstance(u.node.operator, cst.Divide)
            },
        )
        if id(function) in dividing or any(c.method in ("div", "div_") for c in function.calls):
            return True
        for call in function.calls:
            callee = self.value_of(call.node.func, call.scope, call.order)
            summary = self.forward_summary(callee)
            if summary is not None and summary.divides:
                return True
        return False

    def forward_summary(self, callee: Value | None) -> FunctionSummary | None:
        """What calling `callee` runs: a function, or a module's `forward`."""
        if isinstance(callee, FunctionValue):
            return callee.summary
        if not isinstance(callee, ModuleValue):
            return None
        info = self.facts.classes.get(callee.klass) if callee.klass is not None else None
        if info is not None:
            forward = info.methods.get("forward")
            return self.function_summary(forward) if forward is not None else None
        return dict(callee.methods).get("forward")

    def _stepped_target(self, call: Call, function: Scope) -> str | None:
        """`sched.step()` of a parameter (`#2`) or of a `self.` attribute (`self.sched`)."""
        if call.method != "step" or call.receiver is None:
            return None
        receiver = self.value_of(call.receiver, call.scope, call.order)
        if isinstance(receiver, ParamValue):
            return f"#{receiver.index}"
        key = call.receiver_key
        target = self.target(key, function) if key is not None else None
        if target is not None and target.startswith(("#", "self.")):
            return target
        return None

    def _normalized(self, function: Scope) -> dict:
        from torchlint.rules import eval_split_normalization as rule

        own = rule.own_data_normalized(self.facts, function)
        normalizes, normalizes_unless = rule.normalized_parameters(self.facts, function)
        return {
            "normalizes": normalizes,
            "normalizes_unless": normalizes_unless,
            "splits": rule.split_parameters(self.facts, function),
            "normalizes_own": own[0] if own is not None else None,
            "own_part": own[1] if own is not None else (),
        }

    def _parameters_returned(self, function: Scope) -> dict:
        from torchlint.analysis.training import returned_parameters

        parameters_of, optimizer = returned_parameters(self.facts, function)
        return {"parameters_of": parameters_of, "returns_optimizer": optimizer}

    def _method_calls(self, function: Scope) -> tuple[tuple[int, str, bool], ...]:
        params = function.params
        decorated = self.decorated_without_grad(function)  # a project's `@no_grad_eval` too
        found: set[tuple[int, str, bool]] = set()
        for call in function.calls:
            receiver = call.receiver_key
            if call.method is not None and receiver in params and receiver != "self":
                found.add((params.index(receiver), call.method, call.grad_disabled or decorated))
                continue
            callee = self.callee_summary(call)
            if callee is None or not callee[0].method_calls:
                continue
            arguments = self.arguments(callee[0], callee[1], call.node)
            for index, method, grad_disabled in callee[0].method_calls:
                key = dotted(arguments[index]) if index in arguments else None
                if key in params and key != "self":
                    off = grad_disabled or call.grad_disabled or decorated
                    found.add((params.index(key), method, off))
        return tuple(sorted(found))

    def method_summary(self, owner: Value | None, name: str) -> FunctionSummary | None:
        """The summary of method `name` of the object `owner`."""
        method = self._attribute(owner, name, 0)
        return method.summary if isinstance(method, FunctionValue) else None

    def _batch_softmax(self, function: Scope) -> tuple[tuple[int, Origin], ...]:
        from torchlint.rules.softmax_wrong_dim import batch_softmaxed_parameters

        return tuple(batch_softmaxed_parameters(self.facts, function))

    def _unmoved_batches(self, function: Scope) -> tuple[tuple[int, int, Origin], ...]:
        from torchlint.analysis.devices import unmoved_batches_of_parameters

        return tuple(
            (model, loader, Origin(forward.node))
            for model, loader, forward in unmoved_batches_of_parameters(self.facts, function)
        )

    def _unmoved_inputs(self, function: Scope) -> tuple[UnmovedInput, ...]:
        from torchlint.analysis.devices import unmoved_inputs_of_parameters

        return tuple(unmoved_inputs_of_parameters(self.facts, function))

    def _modes(self, function: Scope) -> dict:
        """Which parameters' forward runs, and the train/eval mode each is left in."""
        from torchlint.analysis.training import mode_switch

        last: dict[int, str] = {}
        to_train: set[int] = set()
        forwards: set[int] = set()
        forwards_with_grad: set[int] = set()
        params = function.params
        for call in function.calls:
            receiver = call.mode_target if call.method != "forward" else None
            mode = mode_switch(call)
            if mode is not None and receiver in params:
                last[params.index(receiver)] = mode
                if mode == "train":
                    to_train.add(params.index(receiver))
                continue
            if call.method == "train" and receiver in params:
                # `module.train(was_training)`: a saved mode restored, not one the code shows.
                last[params.index(receiver)] = "unknown"
                continue
            called = call.receiver_key if call.method == "forward" else call.key
            with_grad = not call.grad_disabled
            if called in params and called != "self":
                forwards.add(params.index(called))
                if with_grad:
                    forwards_with_grad.add(params.index(called))
                continue
            callee = self.callee_summary(call)
            if callee is None:
                continue
            summary, bound = callee
            arguments = self.arguments(summary, bound, call.node)
            for index, inner_mode in summary.leaves_mode:
                key = dotted(arguments[index]) if index in arguments else None
                if key in params:
                    last[params.index(key)] = inner_mode
            for index in summary.to_train:
                key = dotted(arguments[index]) if index in arguments else None
                if key in params:
                    to_train.add(params.index(key))
            for index in summary.runs_forward:
                key = dotted(arguments[index]) if index in arguments else None
                if key in params:
                    forwards.add(params.index(key))
                    if with_grad and index in summary.forward_with_grad:
                        forwards_with_grad.add(params.index(key))
        from torchlint.analysis.training import is_backward, is_evaluation_function

        trains = any(is_backward(self.facts, c) for c in function.calls) or any(
            callee[0].trains
            for c in function.calls
            if (callee := self.callee_summary(c)) is not None
        )
        return {
            "returns_mode": self._returned_mode(function),
            "leaves_mode": tuple(sorted(last.items())),
            "to_train": frozenset(to_train),
            "runs_forward": frozenset(forwards),
            "forward_with_grad": frozenset(forwards_with_grad),
            "trains": trains,
            "evaluates": not trains and is_evaluation_function(self.facts, function),
        }

    def _returned_mode(self, function: Scope) -> str | None:
        """`return model.to(device).eval()`, or `model.eval()` ... `return model`."""
        from torchlint.analysis.training import mode_switch

        modes = set()
        for value, order in function.returns:
            switched = next((c for c in function.calls if c.node is value), None)
            if switched is None or mode_switch(switched) is None:
                key = dotted(value) if value is not None else None
                earlier = [c for c in function.calls if key and c.order < order]
                switched = next(
                    (c for c in reversed(earlier) if c.mode_target == key and mode_switch(c)), None
                )
            modes.add(mode_switch(switched) if switched is not None else None)
        return modes.pop() if len(modes) == 1 else None

    def target(self, key: str, function: Scope) -> str | None:
        """`opt` (a parameter at index 2) -> `#2`; `self.opt` stays; locals are private."""
        head, dot, rest = key.partition(".")
        if head == "self" and function.klass is not None:
            return key
        if head in function.params:
            return f"#{function.params.index(head)}{dot}{rest}"
        if function.parent is None or head in self.facts.module_scope.bindings:
            return key
        return None

    def map_targets(
        self, inner: FunctionSummary, bound: bool, call: Call, outer: Scope | None
    ) -> Callable[[Iterator[str] | frozenset[str] | list[str]], set[str]]:
        """Targets of a callee's summary in the caller's terms: summary targets of `outer`, or
        plain keys of the calling scope when `outer` is None."""
        arguments = self.arguments(inner, bound, call.node)

        def mapped(targets) -> set[str]:
            result: set[str] = set()
            for target in targets:
                if not target.startswith("#"):
                    if target.startswith("self.") and not bound:
                        continue
                    if target.startswith("self.") and call.receiver_key not in (None, "self"):
                        receiver = call.receiver_key or ""
                        target = receiver + target[len("self") :]
                    result.add(target if target else "")
                    continue
                index_text, _, rest = target[1:].partition(".")
                argument = arguments.get(int(index_text))
                key = dotted(argument) if argument is not None else None
                if key is None:
                    continue
                full = f"{key}.{rest}" if rest else key
                outer_target = self.target(full, outer) if outer is not None else full
                if outer_target is not None:
                    result.add(outer_target)
            return result

        return mapped

    def callee_summary_of(self, call: cst.Call, scope: Scope, order: int) -> FunctionSummary | None:
        callee = self.value_of(call.func, scope, order)
        return callee.summary if isinstance(callee, FunctionValue) else None

    def callee_summary(self, call: Call) -> tuple[FunctionSummary, bool] | None:
        """The summary of what `call` calls, and whether it is a bound method."""
        callee = self.value_of(call.node.func, call.scope, call.order)
        if isinstance(callee, FunctionValue):
            return callee.summary, callee.bound is not None
        return None

    # -- exports ----------------------------------------------------------------------------

    def export(self, name: str) -> Value | None:
        """The summary of a module-level name, with no CST nodes inside (for other files)."""
        facts = self.facts
        module = facts.module_scope
        value: Value | None = None
        bindings = [b for b in module.bindings_of(name) if not b.augmented]
        if bindings:
            value = self._binding_value(bindings[-1], 0)
        elif (origin := facts.imports.imported(name)) is not None:
            value = self.imported(*origin)
        return _portable(value, facts, 0)


# Tensor methods whose result is still attached to the graph of the receiver.
_GRAPH_KEEPING = frozenset({"mean", "sum", "abs", "sqrt", "pow"})
_KNOWN_LIBRARIES = frozenset({"torch", "torchvision", "timm", "copy"})
_MODE_DEPENDENT = ("Dropout", "BatchNorm", "AlphaDropout")


_SAME_DATA_ATTRIBUTES = frozenset({"values", "data"})  # `df["y"].values`, `param.data`
# Methods that make or reshape a tensor whatever the receiver: `y.long()` is an integer tensor.
_LAYOUT_METHODS = frozenset(
    {"long", "int", "short", "float", "double", "half", "bfloat16", "view", "reshape", "flatten",
     "ravel", "squeeze", "unsqueeze"}
)  # fmt: skip
_ITERATION_BUILTINS = frozenset({"enumerate", "zip", "iter", "next", "list"})
_DATASET_FUNCTIONS = frozenset(
    {
        "torch.utils.data.TensorDataset",
        "torch.utils.data.dataset.TensorDataset",
        "torch.utils.data.Subset",
        "torch.utils.data.random_split",
    }
)
# `torch.tensor(data)`, `np.array(data)`: the layout of `data`.
_DATA_CONSTRUCTORS = frozenset(
    {"tensor", "as_tensor", "from_numpy", "array", "asarray", "LongTensor", "FloatTensor",
     "IntTensor", "DoubleTensor", "Tensor"}
)  # fmt: skip
_TYPED_CONSTRUCTORS = frozenset({"LongTensor", "FloatTensor", "IntTensor", "DoubleTensor"})
# `torch.zeros(n, 1)`, `np.random.randn(n)`: the rank is the number of sizes.
_SIZED_CONSTRUCTORS = frozenset(
    {"zeros", "ones", "empty", "randn", "rand", "full", "randint", "randperm", "arange"}
)
# What keeps an image's pixel values: PIL image methods, cv2 operations, tensor layout methods.
_IMAGE_KEEPING = frozenset(
    {"convert", "resize", "crop", "rotate", "transpose", "copy", "thumbnail", "filter", "reduce"}
)
# `PIL.ImageOps` functions that return an image of the same 0-255 values, reshaped or recoloured.
_IMAGE_OPS_KEEPING = frozenset(
    {"fit", "mirror", "flip", "pad", "contain", "cover", "crop", "expand", "exif_transpose",
     "grayscale", "autocontrast", "equalize", "scale", "invert"}
)  # fmt: skip
_CV2_KEEPING = frozenset(
    {
        "cvtColor",
        "resize",
        "flip",
        "GaussianBlur",
        "warpAffine",
        "copyMakeBorder",
        "rotate",
        "convertScaleAbs",
        "medianBlur",
        "blur",
        "warpPerspective",
        "remap",
        "transpose",
    }
)
# numpy functions that return the values of their first argument, reordered.
_NUMPY_KEEPING = frozenset({"rot90", "flip", "fliplr", "flipud", "ascontiguousarray", "copy"})
_PIXEL_KEEPING = frozenset({"permute", "transpose", "contiguous", "flip", "copy", "swapaxes"})
_WHOLE_REDUCTIONS = frozenset({"min", "max", "mean", "std", "var", "sum", "median"})
# Tensor methods that keep what a tensor holds and its layout (device moves, copies, clamps).
_KEEPING = frozenset(
    {"to", "cpu", "cuda", "detach", "clone", "contiguous", "numpy", "clamp", "clamp_", "type",
     "astype", "to_numpy", "requires_grad_", "pin_memory"}
)  # fmt: skip


_TABLE_MAKERS = frozenset(
    {"read_csv", "read_table", "read_parquet", "read_excel", "read_json", "read_feather",
     "read_pickle", "DataFrame", "concat", "merge"}
)  # fmt: skip
# DataFrame methods that return a DataFrame of the same columns' kind.
_TABLE_KEEPING = frozenset(
    {"drop", "dropna", "fillna", "copy", "astype", "select_dtypes", "reset_index", "sample",
     "sort_values", "query", "assign", "rename", "head", "tail", "drop_duplicates", "set_index",
     "replace", "apply", "interpolate", "merge", "join"}
)  # fmt: skip
_ELEMENTWISE_FUNCTIONS = frozenset({"log", "log1p", "exp", "expm1", "sqrt", "abs", "clip"})


def _table_method(method: str, call: cst.Call) -> Value | None:
    if method in _TABLE_KEEPING:
        return TableValue()
    if method == "to_numpy":
        return TensorValue(rank=2)
    if method == "pop" and call.args:
        return TensorValue(rank=1, made=Origin(call))  # `y = df.pop("price")`: one column
    return None


def _entry(
    container: DictValue | TableValue, index: cst.Subscript, key: cst.BaseExpression | None
) -> Value | None:
    """`sample["label"]`; `df["price"]` (a column, rank 1); `df[["a", "b"]]` (a table)."""
    if isinstance(container, DictValue):
        if not isinstance(key, cst.SimpleString):
            return None
        return dict(container.entries).get(key.evaluated_value)  # type: ignore[arg-type]
    if isinstance(key, cst.SimpleString):
        return TensorValue(rank=1, made=Origin(index))
    return TableValue() if isinstance(key, cst.List) else None


def _slices_only(index: cst.Subscript) -> bool:
    """`x[a:b, c:d]`, `x[:, ::-1]`: slices in every dimension, so the rank is kept."""
    return all(isinstance(element.slice, cst.Slice) for element in index.slice)


def _keeps_every_element(index: cst.Subscript) -> bool:
    """`x[:]`, `x[:, ::-1]`: full slices, maybe reversed, keep every element."""
    for element in index.slice:
        part = element.slice
        if not isinstance(part, cst.Slice) or part.lower is not None or part.upper is not None:
            return False
        if part.step is not None and layout.integer(part.step) != -1:
            return False
    return True


def _casts(method: str, call: cst.Call) -> bool:
    """`y.to(torch.long)`, `a.astype(np.float32)`: a cast that names its dtype."""
    return method in ("to", "type", "astype") and any(
        layout.dtype_named(a.value) is not None for a in call.args
    )


def _relaid(receiver: TensorValue, method: str, call: cst.Call) -> TensorValue | None:
    """`receiver.method(...)`: the tensor it returns, or None for a method that makes
    something else (`argmax`, `item`, `tolist`)."""
    args = [a.value for a in call.args if not a.star]
    positional = [a.value for a in call.args if a.keyword is None and not a.star]
    made = Origin(call)
    rank = receiver.rank
    if method in layout.INTEGER_CASTS:
        return replace(receiver, dtype=DType.INTEGER, made=made)
    if method in layout.FLOAT_CASTS:
        return replace(receiver, dtype=DType.FLOAT, made=made)
    if method in _KEEPING:
        named = next((d for a in args if (d := layout.dtype_named(a)) is not None), None)
        if named is None or named is receiver.dtype:
            return receiver  # `x.to(device, dtype=torch.float32)` of a float tensor: no cast
        return replace(receiver, dtype=named, made=made)
    if method in ("view", "reshape") and positional and not any(a.star for a in call.args):
        return replace(
            receiver,
            rank=layout.sizes_rank(positional),
            features=layout.last_size(positional),
            made=made,
        )
    if method in ("flatten", "ravel") and not args:
        return replace(receiver, rank=1, features=None, made=made)
    if method == "squeeze":
        if not args:  # a target `y.squeeze()`: in practice the [N, 1] column squeezed to [N]
            if rank is None:
                squeezed: int | None = 1
            else:
                squeezed = rank - 1 if receiver.features == 1 else rank
            return replace(receiver, rank=squeezed, features=None, made=made)
        return replace(receiver, rank=rank - 1 if rank else None, features=None, made=made)
    if method == "unsqueeze" and args:
        dim = layout.integer(args[0])
        last = dim == -1 or (rank is not None and dim == rank)
        return replace(
            receiver,
            rank=rank + 1 if rank is not None else None,
            features=1 if last else None,
            made=made,
        )
    if method in _WHOLE_REDUCTIONS and not args:  # `x.max()`: one number, a 0-d tensor
        dtype = DType.FLOAT if method in ("mean", "std", "var") else receiver.dtype
        return TensorValue(dtype=dtype, rank=0, made=made)
    if receiver.pixels and method in _PIXEL_KEEPING:
        return replace(receiver, rank=rank if method != "flatten" else None, features=None)
    if method in torch_api.VALUE_PRESERVING_TENSOR_METHODS or method in _GRAPH_KEEPING:
        # Reductions and permutations: the activation and graph stay, the layout is unknown.
        return TensorValue(receiver.activation, receiver.origin, receiver.loss)
    return None


def _moves_each_entry(comp: cst.DictComp) -> bool:
    """`{k: v for k, v in d.items()}` where each value is `v` or `v` with a method that keeps
    what it holds (`v.to(device)`, `v.cuda()`)."""
    loop = comp.for_in
    items = loop.iter
    if loop.inner_for_in is not None or loop.ifs or not isinstance(loop.target, cst.Tuple):
        return False
    if not (
        isinstance(items, cst.Call)
        and isinstance(items.func, cst.Attribute)
        and items.func.attr.value == "items"
    ):
        return False
    names = [dotted(e.value) for e in loop.target.elements]
    if len(names) != 2 or dotted(comp.key) != names[0]:
        return False
    value = comp.value
    while isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute):
        if value.func.attr.value not in _KEEPING:
            return False
        value = value.func.value
    return dotted(value) == names[1]


def _counts(facts: ModuleFacts, name: str, scope: Scope, order: int) -> bool:
    """Whether `name` holds an integer position: `__getitem__`'s index, a `range` counter, the
    count of `enumerate`."""
    binding = facts.resolve(name, scope, order)
    if binding is None:
        return scope.name == "__getitem__" and scope.params[1:2] == [name]
    origin = binding.origin
    if binding.unpacks_origin or not isinstance(origin, cst.Call):
        return False
    counter = dotted(origin.func)
    return (counter == "range" and binding.unpack is None) or (
        counter == "enumerate" and binding.unpack == (0,)
    )


def _fold_indices(facts: ModuleFacts, name: str, scope: Scope, order: int) -> bool:
    """`for train_idx, val_idx in KFold(5).split(X)` (or under `enumerate`): index arrays."""
    binding = facts.resolve(name, scope, order)
    if binding is None or binding.unpacks_origin or not isinstance(binding.origin, cst.Call):
        return False
    splits = binding.origin
    if dotted(splits.func) == "enumerate" and splits.args and binding.unpack[:1] == (1,):
        splits = splits.args[0].value
    if not (isinstance(splits, cst.Call) and isinstance(splits.func, cst.Attribute)):
        return False
    if splits.func.attr.value != "split":
        return False
    splitter = splits.func.value
    if isinstance(splitter, cst.Name):
        made = facts.resolve(splitter.value, scope, order)
        splitter = made.value if made is not None else splitter
    qualname = facts.qualify(splitter.func) if isinstance(splitter, cst.Call) else None
    return (qualname or "").startswith("sklearn.model_selection.")


def _indexed(
    tensor: TensorValue, index: cst.Subscript, name_ranks: dict[str, int | None]
) -> TensorValue:
    """`x[:, 0]`, `y[i]`, `x[:, -1:]`: the tensor with the rank (and last size) the index keeps."""
    rank = layout.indexed_rank(tensor.rank, index, name_ranks)
    last = index.slice[-1].slice
    features = None
    if isinstance(last, cst.Slice) and last.upper is None and last.step is None:
        lower = layout.integer(last.lower) if last.lower is not None else None
        if lower is not None and lower < 0:
            features = -lower  # `x[:, -1:]`: one column, kept as a dimension
        elif last.lower is None and len(index.slice) == tensor.rank:
            features = tensor.features
    elif tensor.rank is not None and rank is not None and len(index.slice) < tensor.rank:
        features = tensor.features  # `y[i]` of a [N, 1] tensor: the last dimension is untouched
    return replace(tensor, rank=rank, features=features)


def _arithmetic(expr: cst.BinaryOperation, sides: list[Value | None]) -> Value | None:
    """`y - mean`, `x / 255`: elementwise arithmetic keeps a tensor's rank; division makes it
    floating-point. A matrix product or an unknown operand gives nothing."""
    if isinstance(expr.operator, cst.MatrixMultiply):
        return None
    tensors = [s for s in sides if isinstance(s, TensorValue)]
    others = [
        side for side, value in zip((expr.left, expr.right), sides, strict=True) if value is None
    ]
    if not tensors or any(not isinstance(o, cst.Integer | cst.Float) for o in others):
        return None
    shaped = [t for t in tensors if t.rank != 0] or tensors  # a 0-d tensor broadcasts
    ranks = {t.rank for t in shaped}
    dtypes = {t.dtype for t in tensors} | {
        DType.FLOAT if isinstance(o, cst.Float) else DType.INTEGER for o in others
    }
    if isinstance(expr.operator, cst.Divide) or DType.FLOAT in dtypes:
        dtype: DType | None = DType.FLOAT
    else:
        dtype = dtypes.pop() if len(dtypes) == 1 else None
    return TensorValue(
        dtype=dtype,
        rank=ranks.pop() if len(ranks) == 1 else None,
        features=shaped[0].features if len(shaped) == 1 else None,
        made=Origin(expr),
    )


def _sample(column: Value | None) -> Value | None:
    """One row of a tensor: the first dimension dropped."""
    if not isinstance(column, TensorValue):
        return None
    rank = column.rank - 1 if column.rank else None
    return replace(column, rank=rank, features=column.features if rank else None)


def _collated(item: Value | None) -> Value | None:
    """A batch of `item`s as the default collate stacks them: one dimension added in front."""
    if isinstance(item, TupleValue):
        return TupleValue(tuple(_collated(e) for e in item.elements))
    if isinstance(item, DictValue):
        return DictValue(tuple((k, _collated(v)) for k, v in item.entries))
    if isinstance(item, TensorValue):
        rank = item.rank + 1 if item.rank is not None else None
        return replace(item, rank=rank, features=item.features if item.rank else None)
    return None


def _disables_grad(facts: ModuleFacts, expr: cst.BaseExpression) -> bool:
    return isinstance(expr, cst.Call) and _grad_disabling_context(facts, expr.func)


def _grad_disabling_context(facts: ModuleFacts, expr: cst.BaseExpression) -> bool:
    """`torch.no_grad`, or `(torch.inference_mode if new_torch else torch.no_grad)`."""
    if isinstance(expr, cst.IfExp):
        return all(_grad_disabling_context(facts, e) for e in (expr.body, expr.orelse))
    return facts.qualify(expr) in torch_api.GRAD_DISABLING_CONTEXTS


def stored_parameters(function: Scope) -> Iterator[tuple[str, int]]:
    """`self.sched = sched` in a method (`__init__`): which parameter each `self.` attribute
    holds, as given (not rebound before), or moved (`self.model = model.to(device)`)."""
    params = function.params
    if function.klass is None:
        return
    for key, bindings in function.bindings.items():
        if not key.startswith("self.") or len(bindings) != 1:
            continue
        value = bindings[0].value
        value = torch_api.strip_module_methods(value) if value is not None else None
        if (
            isinstance(value, cst.Name)
            and value.value in params[1:]
            and function.binding_before(value.value, bindings[0].order) is None
        ):
            yield key, params.index(value.value)


def _stored_model_run(
    klass: ClassInfo, expr: cst.BaseExpression | None, stored: Mapping[str, int]
) -> int | None:
    """`self.model(x)`, or `self._forward(batch)` whose every return is one: the parameter of
    `__init__` the model was stored from."""
    if not isinstance(expr, cst.Call):
        return None
    key = dotted(expr.func) or ""
    if key in stored:
        return stored[key]
    method = klass.methods.get(key.removeprefix("self.")) if key.startswith("self.") else None
    if method is None or not method.returns:
        return None
    models = {
        stored.get(dotted(value.func) or "") if isinstance(value, cst.Call) else None
        for value, _ in method.returns
    }
    return models.pop() if len(models) == 1 else None


def _accumulated_parameters(function: Scope) -> frozenset[int]:
    from torchlint.analysis.graphs import graph_parameters

    found: set[int] = set()
    for key, bindings in function.bindings.items():
        if not key.startswith("self."):
            continue
        for binding in bindings:
            if binding.augmented and binding.value is not None:
                found |= graph_parameters(function, binding.value, binding.order)
    return frozenset(found)


def _exp_log(value: TensorValue, function: str, origin: Origin) -> TensorValue | None:
    """`exp` of log-probabilities gives probabilities, `log` of probabilities log-probabilities;
    they are made where the `exp` or `log` is applied."""
    if function == "exp" and value.activation is Activation.LOG_SOFTMAX:
        return TensorValue(Activation.SOFTMAX, origin)
    if function == "log" and value.activation is Activation.SOFTMAX:
        return TensorValue(Activation.LOG_SOFTMAX, origin)
    return None


def _literal_index(expr: cst.Subscript) -> int | None:
    if len(expr.slice) != 1:
        return None
    index = expr.slice[0].slice
    if not isinstance(index, cst.Index):
        return None
    value = index.value
    negative = isinstance(value, cst.UnaryOperation) and isinstance(value.operator, cst.Minus)
    if negative:
        value = value.expression  # type: ignore[attr-defined]
    if isinstance(value, cst.Integer):
        return -int(value.value) if negative else int(value.value)
    return None


def _unconditional_statements(scope: Scope) -> set[int]:
    """Ids of the simple statements of `scope` run on every pass through it (of the expression,
    for an expression statement: the call), in its body or in the body of a `for` or `with`
    there (not under `if`, `while` or `try`)."""
    body = scope.node.body
    blocks = [body.body if isinstance(body, cst.IndentedBlock) else body]
    found: set[int] = set()
    while blocks:
        for statement in blocks.pop():
            if isinstance(statement, cst.SimpleStatementLine):
                found.update(
                    id(small.value) if isinstance(small, cst.Expr) else id(small)
                    for small in statement.body
                )
            elif isinstance(statement, cst.For | cst.With) and isinstance(
                statement.body, cst.IndentedBlock
            ):
                blocks.append(statement.body.body)
    return found


def _mode_dependent(modes: list[bool | None], every_layer_known: bool) -> bool | None:
    """True if some layer depends on the mode; False if every layer is known and none does."""
    if True in modes:
        return True
    return False if every_layer_known and all(mode is False for mode in modes) else None


def _sequential_layers(call: cst.Call) -> list[cst.BaseExpression]:
    positional = [a.value for a in call.args if a.keyword is None and not a.star]
    if len(positional) == 1 and isinstance(positional[0], cst.Call) and positional[0].args:
        # nn.Sequential(OrderedDict([("fc", nn.Linear(...)), ("softmax", nn.Softmax(1))]))
        items = positional[0].args[0].value
        if isinstance(items, cst.List | cst.Tuple):
            pairs = [e.value for e in items.elements]
            if all(isinstance(p, cst.Tuple) and len(p.elements) == 2 for p in pairs):
                return [p.elements[1].value for p in pairs]  # type: ignore[attr-defined]
    return positional


def _layers_added(binding: Binding, before: int) -> Iterator[tuple[cst.BaseExpression, Scope, int]]:
    """What `append`, `insert`, `extend` and `+=` statements add to the list bound by `binding`
    before `before`, where they run on every pass (`if p > 0: layers.append(nn.Dropout(p))`
    may add nothing)."""
    scope, key = binding.scope, binding.key
    every_pass = _unconditional_statements(scope)
    for call in scope.calls:
        if not (binding.order < call.order < before and id(call.node) in every_pass):
            continue
        if call.receiver_key != key or not call.node.args:
            continue
        added = call.node.args[-1].value
        if call.method in ("append", "insert"):
            yield added, scope, call.order
        elif call.method == "extend" and isinstance(added, cst.List | cst.ListComp):
            yield from ((layer, scope, call.order) for layer in _list_elements(added))
    for grown in scope.bindings_of(key):
        if (
            grown.augmented
            and binding.order < grown.order < before
            and id(grown.node) in every_pass
            and isinstance(grown.value, cst.List | cst.ListComp)
        ):
            yield from ((layer, scope, grown.order) for layer in _list_elements(grown.value))


def _list_elements(listed: cst.List | cst.ListComp) -> list[cst.BaseExpression]:
    if isinstance(listed, cst.ListComp):
        return [listed.elt]
    return [e.value for e in listed.elements if isinstance(e, cst.Element)]


def _join(first: Value | None, second: Value | None) -> Value | None:
    """What is known of a value that is `first` on one path and `second` on another."""
    if first is None or second is None:
        return None
    if first == second:
        return first
    if isinstance(first, CropOf) or isinstance(second, CropOf):
        # A crop on one path, the whole on the other (`return img` when already small enough).
        inner = [v.inner if isinstance(v, CropOf) else v for v in (first, second)]
        return CropOf(inner[0]) if inner[0] == inner[1] else None
    if type(first) is not type(second):
        return None
    if isinstance(first, TensorValue):
        assert isinstance(second, TensorValue)
        if (first.activation, first.loss) != (second.activation, second.loss):
            return None
        return TensorValue(
            first.activation,
            first.origin,
            first.loss,
            dtype=first.dtype if first.dtype == second.dtype else None,
            one_hot=first.one_hot and second.one_hot,
            rank=first.rank if first.rank == second.rank else None,
            features=first.features if first.features == second.features else None,
            made=first.made,
            pixels=first.pixels and second.pixels,
        )
    if isinstance(first, ModuleValue):
        return first if first.identity == second.identity else None  # type: ignore[attr-defined]
    if isinstance(first, TupleValue):
        assert isinstance(second, TupleValue)
        if len(first.elements) != len(second.elements):
            return None
        return TupleValue(
            tuple(_join(a, b) for a, b in zip(first.elements, second.elements, strict=True))
        )
    if isinstance(first, LoaderValue):
        assert isinstance(second, LoaderValue)
        # Unshuffled only where every path is: a training and a validation loader join as
        # shuffled, so what is said of an unshuffled loader still holds.
        shuffled = first.shuffled or second.shuffled
        return replace(
            first,
            shuffled=shuffled,
            batch=_join(first.batch, second.batch),
            cpu_batches=first.cpu_batches and second.cpu_batches,
        )
    if isinstance(first, DatasetValue):
        return DatasetValue(_join(first.item, second.item))  # type: ignore[attr-defined]
    if isinstance(first, DictValue):
        assert isinstance(second, DictValue)
        if [k for k, _ in first.entries] != [k for k, _ in second.entries]:
            return None
        pairs = zip(first.entries, second.entries, strict=True)
        return DictValue(tuple((k, _join(a, b)) for (k, a), (_, b) in pairs))
    if isinstance(first, SequenceOf):
        return SequenceOf(_join(first.element, second.element))  # type: ignore[attr-defined]
    return None


def _enclosing_function(scope: Scope) -> Scope | None:
    while scope is not None and scope.kind != "function":
        scope = scope.parent  # type: ignore[assignment]
    return scope


def _defined_at_module_level(facts: ModuleFacts, name: str) -> bool:
    info = facts.classes.get(name)
    return info is not None and any(
        isinstance(b.node, cst.ClassDef) and b.node is info.node
        for b in facts.module_scope.bindings_of(name)
    )


def _derives_from_module(values: Values, name: str) -> bool:
    """A class of this file deriving, maybe through other project classes, from nn.Module."""
    from torchlint.analysis.training import MODEL_BASE_CLASSES

    return _derives_from(
        values,
        name,
        lambda base: base.startswith("torch.nn.") or last_name(base) in MODEL_BASE_CLASSES,
        lambda imported: isinstance(imported.instance, ModuleValue) and imported.instance.is_module,
        0,
    )


def _derives_from_lightning(values: Values, name: str) -> bool:
    """A `LightningModule`, maybe through project base classes: Lightning itself runs its
    validation, test and predict hooks without gradients."""
    return _derives_from(
        values,
        name,
        lambda base: last_name(base) == "LightningModule",
        lambda imported: imported.lightning,
        0,
    )


def _derives_from(
    values: Values,
    name: str,
    framework_base: Callable[[str], bool],
    imported_derives: Callable[[ClassValue], bool],
    depth: int,
) -> bool:
    facts = values.facts
    info = facts.classes.get(name)
    if info is None or depth > 8:
        return False
    if any(framework_base(qualname) for qualname in info.base_qualnames):
        return True
    for base in info.node.bases:
        key = dotted(base.value)
        if key is None:
            continue
        if framework_base(key):
            return True
        if key in facts.classes:
            if key != name and _derives_from(
                values, key, framework_base, imported_derives, depth + 1
            ):
                return True
            continue
        imported = values.value_of(base.value, facts.module_scope, facts.module_scope.end)
        if isinstance(imported, ClassValue) and imported_derives(imported):
            return True
    return False


def _portable(value: Value | None, facts: ModuleFacts, depth: int) -> Value | None:
    """`value` with every origin turned into a path and line, ready to cross processes."""
    if value is None or depth > _MAX_DEPTH:
        return None

    def origin(o: Origin | None) -> Origin | None:
        if o is None or o.node is None:
            return o
        return Origin(None, facts.path, place_of(facts, o.node))

    if isinstance(value, TensorValue):
        return replace(value, origin=origin(value.origin), made=origin(value.made))
    if isinstance(value, ModuleValue):
        identity = value.identity
        if isinstance(identity, tuple) and identity and identity[0] == "new":
            identity = ("export", facts.path, identity[1])
        methods = value.methods  # a value another module exported: already portable
        if value.klass is not None:
            methods = _portable_methods(value.klass, facts) or methods
        return replace(
            value,
            identity=identity,
            output=_portable(value.output, facts, depth + 1),
            klass=None,
            methods=methods,
        )
    if isinstance(value, TupleValue):
        return TupleValue(tuple(_portable(e, facts, depth + 1) for e in value.elements))
    if isinstance(value, FunctionValue):
        return FunctionValue(_portable_summary(value.summary, facts, depth), None)
    if isinstance(value, FreshValue):
        return FreshValue(("export", facts.path, id(value)))
    if isinstance(value, ClassValue):
        return ClassValue(
            value.name,
            _portable(value.instance, facts, depth + 1),
            tuple((n, _portable_summary(s, facts, depth)) for n, s in value.methods),
            value.lightning,
        )
    if isinstance(value, OutputOf):
        return OutputOf(_portable(value.callee, facts, depth + 1))  # type: ignore[arg-type]
    if isinstance(value, CropOf):
        inner = _portable(value.inner, facts, depth + 1)
        return CropOf(inner) if inner is not None else None
    if isinstance(value, ExpLogOf):
        inner = _portable(value.inner, facts, depth + 1)
        return replace(value, inner=inner, origin=origin(value.origin)) if inner else None
    if isinstance(value, SchedulerValue):
        return replace(value, origin=origin(value.origin))
    if isinstance(value, LoaderValue):
        batch = _portable(value.batch, facts, depth + 1)
        return replace(value, origin=origin(value.origin), batch=batch)
    if isinstance(value, DatasetValue):
        return DatasetValue(_portable(value.item, facts, depth + 1))
    if isinstance(value, DictValue):
        return DictValue(tuple((k, _portable(v, facts, depth + 1)) for k, v in value.entries))
    if isinstance(value, SequenceOf):
        return SequenceOf(_portable(value.element, facts, depth + 1))
    return value


def _autograd_breaks(facts: ModuleFacts, summary: FunctionSummary) -> tuple[AutogradBreak, ...]:
    """What only a `forward` of another module asks of a function of this one, so it is computed
    when the summary is exported: a function outside classes that returns a value, and does not
    train (one that runs backward or steps an optimizer is not called from a `forward`)."""
    from torchlint.rules.autograd_break_in_forward import parameter_breaks

    if summary.is_method or summary.backward or summary.steps or summary.stepped_params:
        return ()
    function = facts.scope_defined_at(summary.origin.node)
    if function is None or function.klass is not None or not function.returns:
        return ()
    return tuple(parameter_breaks(facts, function))


def _portable_methods(klass: str, facts: ModuleFacts) -> MethodTable | None:
    """The methods of a class of this file, made portable once for all its exported instances."""
    tables: dict[str, MethodTable] = facts.memo("portable methods", dict)
    if klass not in tables:
        class_value = values_of(facts).class_value(klass)
        if class_value is None:
            return None
        # Registered before it is filled: the methods' own results may be instances of `klass`.
        tables[klass] = table = MethodTable()
        table.fill((n, _portable_summary(m, facts, 1)) for n, m in class_value.methods)
    return tables[klass]


def _portable_summary(summary: FunctionSummary, facts: ModuleFacts, depth: int) -> FunctionSummary:
    def origin(o: Origin) -> Origin:
        return o if o.node is None else Origin(None, facts.path, place_of(facts, o.node))

    breaks = summary.autograd_breaks
    if summary.origin.node is not None:
        breaks = _autograd_breaks(facts, summary)

    return replace(
        summary,
        origin=origin(summary.origin),
        returns=_portable(summary.returns, facts, depth + 1),
        loss_inputs=tuple(replace(li, origin=origin(li.origin)) for li in summary.loss_inputs),
        param_losses=tuple(replace(pl, origin=origin(pl.origin)) for pl in summary.param_losses),
        step_origins=tuple((t, origin(o)) for t, o in summary.step_origins),
        wiped_steps=tuple((t, origin(r), origin(o)) for t, r, o in summary.wiped_steps),
        scheduler_steps=tuple((t, origin(o)) for t, o in summary.scheduler_steps),
        batch_scheduler_steps=tuple((t, origin(o)) for t, o in summary.batch_scheduler_steps),
        bare_scheduler_steps=tuple((t, origin(o)) for t, o in summary.bare_scheduler_steps),
        unmoved_batches=tuple((m, b, origin(o)) for m, b, o in summary.unmoved_batches),
        unmoved_inputs=tuple(
            replace(
                found,
                forward=origin(found.forward),
                dropped=origin(found.dropped) if found.dropped else None,
            )
            for found in summary.unmoved_inputs
        ),
        autograd_breaks=tuple(replace(found, origin=origin(found.origin)) for found in breaks),
        normalizes_own=origin(summary.normalizes_own) if summary.normalizes_own else None,
        batch_softmax=tuple((i, origin(o)) for i, o in summary.batch_softmax),
    )
