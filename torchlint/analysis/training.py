"""Questions about training code that several rules ask, answered from the module facts."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass

import libcst as cst

from torchlint.analysis import torch_api
from torchlint.analysis.facts import Binding, Call, Loop, ModuleFacts, Scope
from torchlint.analysis.graphs import kept_across_iterations
from torchlint.analysis.names import dotted, last_name, mentions, names_read, words
from torchlint.analysis.torch_api import Activation, LossKind
from torchlint.analysis.values import (
    ClassValue,
    ExpLogOf,
    FunctionSummary,
    FunctionValue,
    ModuleValue,
    Origin,
    OutputOf,
    SchedulerValue,
    TensorValue,
    Value,
    concrete,
    values_of,
)
from torchlint.analysis.walk import children

_MAX_DEPTH = 6


# -- optimizers ------------------------------------------------------------------------------


@dataclass(frozen=True)
class OptimizerCreation:
    """`key = SGD(model.parameters(), ...)`: which names hold the parameters it updates."""

    key: str
    binding: Binding
    model_keys: frozenset[str]

    def covers(self, key: str) -> bool:
        """Whether `key` is a module whose parameters this optimizer holds, or inside one."""
        return any(key == m or key.startswith(m + ".") for m in self.model_keys)


def parameter_owners(expr: cst.CSTNode) -> set[str]:
    """`{'model.fc'}` for `[{'params': model.fc.parameters()}]` and the like."""
    owners: set[str] = set()
    stack: list[cst.CSTNode] = [expr]
    while stack:
        node = stack.pop()
        if (
            isinstance(node, cst.Call)
            and isinstance(node.func, cst.Attribute)
            and node.func.attr.value in ("parameters", "named_parameters")
        ):
            owner = dotted(node.func.value)
            if owner is not None:
                owners.add(owner)
                continue
        stack.extend(children(node))
    return owners


def _optimizer_model_keys(
    facts: ModuleFacts, call: cst.Call, scope: Scope, order: int
) -> set[str] | None:
    """Model keys of an optimizer constructor call, or None if `call` builds no optimizer."""
    qualname = facts.qualify(call.func)
    key = dotted(call.func)
    if torch_api.is_optimizer_class(qualname, key):
        owners: set[str] = set()
        for arg in call.args:
            owners |= _held_parameters(facts, arg.value, scope, order, 0)
        return owners or _collected_parameter_owners(scope, order)
    local = _factory_model_keys(facts, call, key)
    if local is not None or _module_function(facts, key) is not None:
        return local
    # `make_optimizer(cfg.opt, groups)` of another module, by its summary.
    summary = values_of(facts).callee_summary_of(call, scope, order)
    if summary is None or not summary.returns_optimizer:
        return None
    return _passed_parameters(facts, summary, call, scope, order, 0)


def returned_parameters(facts: ModuleFacts, function: Scope) -> tuple[frozenset[int], bool]:
    """The parameters of `function` whose model parameters what it returns holds (a list of
    them, parameter groups, an optimizer built on them), and whether it returns an optimizer:
    what `get_param_groups(model, wd)` or `make_optimizer(name, groups)` of another module
    tells the modules that call it."""
    owners: set[str] = set()
    optimizer = False
    for value, order in function.returns:
        if value is None:
            continue
        keys = (
            _optimizer_model_keys(facts, value, function, order)
            if isinstance(value, cst.Call)
            else None
        )
        if keys is not None:
            optimizer = True
            # `SGD(param_groups, ...)` of a parameter: the caller's groups.
            owners |= keys | {key for a in value.args if (key := dotted(a.value))}  # type: ignore[union-attr]
        else:
            owners |= _held_parameters(facts, value, function, order, 0)
            owners |= _collected_parameter_owners(function, order)
    indices = frozenset(function.params.index(o) for o in owners if o in function.params)
    return indices, optimizer and bool(indices)


def _passed_parameters(
    facts: ModuleFacts,
    summary: FunctionSummary,
    call: cst.Call,
    scope: Scope,
    order: int,
    depth: int,
) -> set[str]:
    """The models whose parameters the arguments `call` passes for `summary.parameters_of`
    hold: `model` for `make_optimizer(name, groups)` after `groups = get_param_groups(model)`."""
    owners: set[str] = set()
    arguments = values_of(facts).arguments(summary, False, call)
    for index in summary.parameters_of:
        argument = arguments.get(index)
        if argument is None:
            continue
        held = _held_parameters(facts, argument, scope, order, depth + 1)
        key = dotted(argument)
        owners |= held or ({key} if key is not None else set())
    return owners


def _held_parameters(
    facts: ModuleFacts, expr: cst.BaseExpression, scope: Scope, order: int, depth: int
) -> set[str]:
    """The models whose parameters `expr` holds: `model.parameters()` in it, a name bound to
    such a value (`params = model.parameters()`), or what a function of this file returns or
    collects (`param_groups(model, wd)`), in terms of the arguments passed to it."""
    owners = parameter_owners(expr)
    if owners or depth > 3:
        return owners
    key = dotted(expr)
    if key is not None:
        binding = facts.resolve(key, scope, order)
        if binding is None or binding.value is None or binding.scope is not scope:
            return set()
        return _held_parameters(facts, binding.value, scope, binding.order, depth + 1)
    if not isinstance(expr, cst.Call):
        return set()
    function = _module_function(facts, dotted(expr.func))
    if function is None:
        summary = values_of(facts).callee_summary_of(expr, scope, order)
        if summary is None or summary.returns_optimizer:
            return set()
        return _passed_parameters(facts, summary, expr, scope, order, depth)
    inner: set[str] = set()
    for value, returned_at in function.returns:
        if value is not None:
            inner |= _held_parameters(facts, value, function, returned_at, depth + 1)
            inner |= _collected_parameter_owners(function, returned_at)
    return _passed_for(facts, function, expr, inner)


def _module_function(facts: ModuleFacts, key: str | None) -> Scope | None:
    """The function of this file named `key` (not a method), if there is exactly one."""
    if key is None or "." in key:
        return None
    functions = [f for f in facts.functions.get(key, ()) if f.klass is None]
    return functions[0] if len(functions) == 1 else None


def _passed_for(facts: ModuleFacts, function: Scope, call: cst.Call, owners: set[str]) -> set[str]:
    """`owners` in terms of `function`'s parameters (`model`, `model.fc`), as the arguments
    `call` passes for them."""
    values = values_of(facts)
    arguments = values.arguments(values.signature(function), False, call)
    mapped: set[str] = set()
    for index, param in enumerate(function.params):
        passed_key = dotted(arguments[index]) if index in arguments else None
        if passed_key is None:
            continue
        for owner in owners:
            if owner == param or owner.startswith(param + "."):
                mapped.add(passed_key + owner[len(param) :])
    return mapped


def _collected_parameter_owners(scope: Scope, before: int) -> set[str]:
    """`for n, p in model.named_parameters(): (decay if ... else no_decay).append(p)` before
    the optimizer is built from those lists: `{'model'}`."""
    owners: set[str] = set()
    for loop in scope.loops:
        node = loop.node
        if loop.end > before or not isinstance(node, cst.For):
            continue
        iterable = node.iter
        if not (
            isinstance(iterable, cst.Call)
            and isinstance(iterable.func, cst.Attribute)
            and iterable.func.attr.value in ("parameters", "named_parameters")
        ):
            continue
        owner = dotted(iterable.func.value)
        if owner is not None and any(
            loop.contains(c.order) and c.method in ("append", "extend", "add") for c in scope.calls
        ):
            owners.add(owner)
    return owners


def _factory_model_keys(facts: ModuleFacts, call: cst.Call, key: str | None) -> set[str] | None:
    """`make_optimizer(model)`, a local function returning an optimizer of its argument."""
    if key is None or "." in key:
        return None
    for function in facts.functions.get(key, ()):
        if function.klass is not None:
            continue
        for value, order in function.returns:
            if not isinstance(value, cst.Call):
                continue
            if not torch_api.is_optimizer_class(facts.qualify(value.func), dotted(value.func)):
                continue
            inner = _optimizer_model_keys(facts, value, function, order) or set()
            return _passed_for(facts, function, call, inner)
    return None


def optimizer_creations(facts: ModuleFacts) -> list[OptimizerCreation]:
    return facts.memo("optimizer_creations", lambda: list(_find_optimizer_creations(facts)))


def _find_optimizer_creations(facts: ModuleFacts) -> Iterator[OptimizerCreation]:
    for scope in facts.scopes:
        for key, bindings in scope.bindings.items():
            for binding in bindings:
                value = binding.value
                if not isinstance(value, cst.Call) or binding.augmented:
                    continue
                models = _optimizer_model_keys(facts, value, scope, binding.order)
                if models is not None:
                    yield OptimizerCreation(key, binding, frozenset(models))


def creation_of(facts: ModuleFacts, key: str, scope: Scope, order: int) -> OptimizerCreation | None:
    binding = facts.resolve(key, scope, order)
    if binding is None:
        return None
    for creation in optimizer_creations(facts):
        if creation.binding is binding:
            return creation
    return None


def is_optimizer(facts: ModuleFacts, key: str, scope: Scope, order: int) -> bool:
    if creation_of(facts, key, scope, order) is not None:
        return True
    binding = facts.resolve(key, scope, order)
    if binding is not None and isinstance(binding.value, cst.Call):
        # Bound to a torch call that builds no optimizer (a scheduler, a GradScaler): not one.
        qualname = facts.qualify(binding.value.func)
        if qualname is not None and qualname.startswith("torch."):
            return False
    return torch_api.looks_like_optimizer(key)


def stepped_optimizer(facts: ModuleFacts, call: Call) -> str | None:
    """The optimizer `call` steps: `opt.step()`, `scaler.step(opt)`, `xm.optimizer_step(opt)`."""
    method = call.method
    if method == "step":
        receiver = call.receiver_key
        if receiver is not None and not call.node.args:
            if is_optimizer(facts, receiver, call.scope, call.order):
                return receiver
            return None
        first = call.positional(0)
        first_key = dotted(first) if first is not None else None
        if first_key is not None and receiver is not None and "scaler" in receiver.lower():
            return first_key
        return None
    if method == "optimizer_step":
        first = call.positional(0)
        return dotted(first) if first is not None else None
    return None


def is_backward(facts: ModuleFacts, call: Call) -> bool:
    return (
        call.method in ("backward", "manual_backward") or call.qualname == "torch.autograd.backward"
    )


def backpropagated(facts: ModuleFacts, call: Call) -> cst.BaseExpression | None:
    """What a backward call differentiates: `loss` in `loss.backward()`, in
    `scaler.scale(loss).backward()`, `accelerator.backward(loss)`, `autograd.backward(loss)`."""
    if not is_backward(facts, call):
        return None
    first = call.positional(0)
    if call.qualname == "torch.autograd.backward" or call.method == "manual_backward":
        return first
    receiver = call.receiver
    if (
        isinstance(receiver, cst.Call)
        and isinstance(receiver.func, cst.Attribute)
        and receiver.func.attr.value == "scale"
        and receiver.args
    ):
        return receiver.args[0].value  # `scaler.scale(loss).backward()`
    owner = words(last_name(dotted(receiver) or "")) if receiver is not None else []
    if first is not None and _BACKWARD_OWNERS.intersection(owner):
        return first  # `accelerator.backward(loss)`, `fabric.backward(loss)`
    return receiver


_BACKWARD_OWNERS = frozenset({"accelerator", "fabric", "engine", "deepspeed", "trainer", "model"})


def is_autograd_use(facts: ModuleFacts, call: Call) -> bool:
    """Code that needs gradients on purpose: backward, autograd.grad, requires_grad_()."""
    return (
        is_backward(facts, call)
        or call.qualname in ("torch.autograd.grad", "torch.autograd.functional.jacobian")
        or call.method == "requires_grad_"
    )


def sets_requires_grad(scope: Scope) -> bool:
    return any(key.endswith(".requires_grad") for key in scope.bindings)


# -- gradient resets ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Reset:
    """A gradient reset; `target` is the optimizer or model it resets, None when unattributable."""

    node: cst.CSTNode
    order: int
    target: str | None


def resets_in(facts: ModuleFacts, scope: Scope, start: int, end: int) -> list[Reset]:
    resets = []
    for call in scope.calls:
        if not start < call.order < end:
            continue
        if call.method == "zero_grad":
            resets.append(Reset(call.node, call.order, call.receiver_key))
        elif call.method in ("zero_", "detach_") and (call.receiver_key or "").endswith(
            (".grad", ".grad.data")
        ):
            resets.append(Reset(call.node, call.order, None))
        elif (callee := values_of(facts).callee_summary(call)) is not None:
            summary, bound = callee
            if summary.resets:
                targets = values_of(facts).map_targets(summary, bound, call, None)(summary.resets)
                if not targets or "" in targets:
                    resets.append(Reset(call.node, call.order, None))
                resets.extend(Reset(call.node, call.order, t) for t in targets if t)
    for key, bindings in scope.bindings.items():
        if key.endswith(".grad"):
            resets.extend(
                Reset(b.node, b.order, None)
                for b in bindings
                if start < b.order < end
                and isinstance(b.value, cst.Name)
                and b.value.value == "None"
            )
    return resets


def reset_applies(
    facts: ModuleFacts, reset: Reset, optimizer: str, creation: OptimizerCreation | None
) -> bool:
    """Whether `reset` clears the gradients `optimizer` steps with. Unknown cases count as yes."""
    target = reset.target
    if target is None or target == optimizer or creation is None:
        return True
    if creation.covers(target) or any(m.startswith(target + ".") for m in creation.model_keys):
        return True
    for other in optimizer_creations(facts):
        if other is creation:
            continue
        if target == other.key or other.covers(target):
            return False
    return True


# -- models and forward passes ----------------------------------------------------------------


def is_module_class(facts: ModuleFacts, name: str, seen: frozenset[str] = frozenset()) -> bool:
    """A class of this file that derives (maybe indirectly) from nn.Module or a model base class."""
    info = facts.classes.get(name)
    if info is None or name in seen:
        return False
    for qualname in info.base_qualnames:
        if qualname.startswith("torch.nn.") or last_name(qualname) in MODEL_BASE_CLASSES:
            return True
    for key in info.base_keys:
        if last_name(key) in MODEL_BASE_CLASSES or is_module_class(facts, key, seen | {name}):
            return True
    return False


MODEL_BASE_CLASSES = frozenset(
    {"Module", "LightningModule", "PreTrainedModel", "Sequential", "ModuleDict", "ModuleList"}
)


def constructs_model(facts: ModuleFacts, value: cst.BaseExpression) -> bool | None:
    """True if `value` builds an nn.Module, False if it clearly builds something else, else None."""
    value = torch_api.strip_module_methods(value)
    if not isinstance(value, cst.Call):
        return None
    func = value.func
    qualname = facts.qualify(func)
    key = dotted(func)
    if qualname is not None:
        if (
            torch_api.loss_class_kind(qualname) is not None
            or qualname in torch_api.ACTIVATION_MODULES
        ):
            return False
        if torch_api.is_optimizer_class(qualname, key):
            return False
        if qualname.startswith(("torchvision.models.", "timm.create_model")):
            return True
        name = last_name(qualname)
        if qualname.startswith("torch.nn.") and name[:1].isupper():
            return True
    if key is not None and is_module_class(facts, key):
        return True
    if key is not None and key in facts.classes:
        return False
    if isinstance(func, cst.Attribute) and func.attr.value == "from_pretrained":
        owner = last_name(dotted(func.value) or "")
        return not owner.endswith(("Tokenizer", "Processor", "Config", "FeatureExtractor"))
    return None


def _callee(call: Call) -> cst.BaseExpression:
    func = call.node.func
    if call.method == "forward" and isinstance(func, cst.Attribute):
        return func.value
    return func


def is_forward(facts: ModuleFacts, call: Call) -> bool:
    """A forward pass: calling a model, or its `.forward(...)`."""
    key = call.key
    if key is None or call.qualname is not None:
        return False  # an imported callable builds a model or computes something; it is no model
    if call.method == "forward":
        key = call.receiver_key or ""
    if not key:
        return False
    value = values_of(facts).value_of(_callee(call), call.scope, call.order)
    if isinstance(value, ModuleValue):
        # A model calling itself (`self(x)` in `predict`) is an API its callers wrap as they like.
        itself = isinstance(value.identity, tuple) and value.identity[:1] == ("self",)
        return value.loss is None and value.is_module and not itself
    if isinstance(value, FunctionValue | ClassValue | TensorValue):
        return False
    binding = facts.resolve(key, call.scope, call.order)
    if binding is not None:
        if binding.value is None and isinstance(binding.node, cst.FunctionDef | cst.ClassDef):
            return False
        if binding.value is not None:
            builds_model = constructs_model(facts, binding.value)
            if builds_model is not None:
                return builds_model
    return torch_api.looks_like_model(key)


def runs_itself(facts: ModuleFacts, call: Call) -> bool:
    """`self(x)` or `self.forward(x)` in a method of a model: the model runs its own forward."""
    if call.key != "self" and not (call.method == "forward" and call.receiver_key == "self"):
        return False
    value = values_of(facts).value_of(_callee(call), call.scope, call.order)
    return isinstance(value, ModuleValue) and value.is_module and value.loss is None


# -- activations and losses ---------------------------------------------------------------------


@dataclass(frozen=True)
class Activated:
    activation: Activation
    origin: Origin  # where the activation is applied (maybe in another file)

    @property
    def node(self) -> cst.CSTNode | None:
        return self.origin.node


def activation_of(
    facts: ModuleFacts, expr: cst.BaseExpression | Value, scope: Scope, order: int
) -> Activated | None:
    """Which final activation produced the value of `expr` (or `expr` itself, a value): through
    names, model calls, methods, helpers and other modules of the project (see
    analysis/values.py)."""
    values = values_of(facts)
    value = expr if isinstance(expr, Value) else values.value_of(expr, scope, order)
    if isinstance(value, OutputOf | ExpLogOf):  # `model(x)` where the caller passes the model
        value = concrete(values, value, scope)
    if isinstance(value, TensorValue) and value.activation is not None and value.origin:
        return Activated(value.activation, value.origin)
    return None


@dataclass(frozen=True)
class LossPrediction:
    """A loss computed on a prediction whose final activation is known.

    `call` is where the prediction is handed over: the loss call itself, or the call of a helper
    (a loss function, a loss module, a `compute_loss` method) that computes the loss at `loss`."""

    call: Call
    kind: LossKind
    loss: Origin
    activated: Activated

    def describe_loss(self, facts: ModuleFacts) -> str:
        direct = self.loss.node is self.call.node
        name = f"`{facts.code(self.call.node.func)}`"
        if direct:
            return name
        return f"{name} computes a {self.kind.value} ({self.loss.describe(facts)}) and"

    def related(self, activation_note: str) -> tuple[tuple[Origin, str], ...]:
        notes = [(self.activated.origin, activation_note)]
        if self.loss.node is not self.call.node:
            notes.append((self.loss, f"the {self.kind.value} is computed here"))
        return tuple(notes)


def loss_predictions(facts: ModuleFacts) -> list[LossPrediction]:
    """Every loss in the file whose prediction argument has a known final activation."""
    return facts.memo("loss_predictions", lambda: list(_find_loss_predictions(facts)))


def _find_loss_predictions(facts: ModuleFacts) -> Iterator[LossPrediction]:
    for call in facts.all_calls():
        for kind, prediction, loss in values_of(facts).loss_predictions(call):
            activated = activation_of(facts, prediction, call.scope, call.order)
            if activated is not None:
                yield LossPrediction(call, kind, loss, activated)


def loss_kind(facts: ModuleFacts, call: Call) -> LossKind | None:
    """The loss `call` computes: `F.cross_entropy(...)`, `criterion(...)`, `nn.NLLLoss()(...)`."""
    return values_of(facts).loss_kind(call)


# -- learning-rate schedulers ------------------------------------------------------------------

# Schedules sized in iterations are meant to be stepped per batch: `T_max=epochs * len(loader)`.
_ITERATION_WORDS = frozenset(
    {"iter", "iters", "iteration", "iterations", "step", "steps", "batches"}
)
_SCHEDULER_NAME_WORDS = frozenset({"scheduler", "sched"})


def scheduler_of(facts: ModuleFacts, call: Call) -> SchedulerValue | None:
    """The scheduler `call` steps (`sched.step()`): built here, passed in by this file's callers,
    or known by its name only (kind "")."""
    if call.method != "step" or call.receiver is None:
        return None
    values = values_of(facts)
    value = concrete(values, values.value_of(call.receiver, call.scope, call.order), call.scope)
    if isinstance(value, SchedulerValue):
        return value
    key = call.receiver_key
    if (
        value is None
        and key is not None
        and _SCHEDULER_NAME_WORDS.intersection(words(last_name(key)))
    ):
        return SchedulerValue("", False, Origin(call.node))
    return None


def sized_in_iterations(
    facts: ModuleFacts, construction: cst.Call, scope: Scope, order: int
) -> bool:
    """`CosineAnnealingLR(opt, T_max=epochs * len(loader))`, `StepLR(opt, cfg.decay_steps)`,
    `MultiStepLR(opt, milestones)` with `milestones = [iters_per_epoch * m for m in ...]`."""
    for arg in construction.args[1:]:
        for expr in _with_names_bound_in_it(facts, arg.value, scope, order):
            if mentions(expr, "len"):
                return True
            text = facts.code(expr)
            # StepLR's own `step_size` (`args.lr_step_size`) names the period, not its unit.
            text = re.sub(r"step_?size", "size", text, flags=re.IGNORECASE)
            if _ITERATION_WORDS.intersection(w for part in text.split(".") for w in words(part)):
                return True
    return False


def _with_names_bound_in_it(
    facts: ModuleFacts, expr: cst.BaseExpression, scope: Scope, order: int, depth: int = 2
) -> Iterator[cst.BaseExpression]:
    """`expr`, then the values bound to the names it reads, and to theirs, `depth` levels deep."""
    yield expr
    if depth == 0:
        return
    for name in sorted(names_read(expr)):
        binding = facts.resolve(name, scope, order)
        if binding is not None and binding.value is not None:
            yield from _with_names_bound_in_it(
                facts, binding.value, binding.scope, binding.order, depth - 1
            )


def training_loop(facts: ModuleFacts, call: Call) -> Loop | None:
    """The innermost loop around `call`, if it trains: a backward and an optimizer step, in it
    or in functions it calls."""
    if not call.loops or not loop_trains(facts, call.scope, call.loops[-1]):
        return None
    return call.loops[-1]


def batch_loop(facts: ModuleFacts, call: Call) -> Loop | None:
    """The training loop `call` runs in once per batch: one inside another loop, or one over
    data in a function (which its caller runs once per epoch)."""
    loop = training_loop(facts, call)
    if loop is None or len(call.loops) >= 2:
        return loop
    if call.scope.parent is None or not isinstance(loop.node, cst.For):
        return None
    over = loop.node.iter
    text = f"{facts.code(over)} {facts.code(loop.node.target)}"
    names = {w for token in re.findall(r"[A-Za-z_]\w*", text) for w in words(token)}
    return None if counts_numbers(over) or names & {"epoch", "epochs"} else loop


def loop_trains(facts: ModuleFacts, scope: Scope, loop: Loop) -> bool:
    """Each iteration of `loop` runs a backward and an optimizer step, itself or in functions
    it calls."""
    values = values_of(facts)
    backward = step = False
    for c in scope.calls:
        if not c.loops or c.loops[-1] is not loop:
            continue  # outside, or in a nested loop: `for phase in ("train", "val")` is no batch
        backward = backward or is_backward(facts, c)
        step = step or stepped_optimizer(facts, c) is not None
        callee = values.callee_summary(c)
        if callee is not None:
            backward = backward or callee[0].backward
            step = step or bool(callee[0].steps)
    return backward and step


LOOP_WRAPPERS = frozenset({"enumerate", "tqdm", "iter", "zip"})


def unwrapped(iterable: cst.BaseExpression) -> cst.BaseExpression:
    """`enumerate(tqdm(loader))` -> `loader`."""
    while (
        isinstance(iterable, cst.Call) and dotted(iterable.func) in LOOP_WRAPPERS and iterable.args
    ):
        iterable = iterable.args[0].value
    return iterable


def trained_on(facts: ModuleFacts, scope: Scope) -> Iterator[tuple[cst.BaseExpression, int]]:
    """What `scope` trains on: the iterables of its training loops, and the arguments it passes
    to functions whose training loops iterate them; with the order to evaluate them at."""
    for loop in scope.loops:
        if isinstance(loop.node, cst.For) and loop_trains(facts, scope, loop):
            yield unwrapped(loop.node.iter), loop.start
    values = values_of(facts)
    for call in scope.calls:
        callee = values.callee_summary(call)
        if callee is None or not callee[0].trains_over:
            continue
        arguments = values.arguments(callee[0], callee[1], call.node)
        stepped = callee[0].stepped_params
        if stepped and not any(given(arguments.get(index)) for index in stepped):
            continue  # `run(model, val_loader)`: no optimizer given, so nothing is trained
        for index in sorted(callee[0].trains_over):
            if index in arguments:
                yield arguments[index], call.order


def is_none(expr: cst.BaseExpression) -> bool:
    return isinstance(expr, cst.Name) and expr.value == "None"


def given(argument: cst.BaseExpression | None) -> bool:
    """An argument a call passes, other than a literal `None` (the usual default)."""
    return argument is not None and not is_none(argument)


# -- evaluation code -----------------------------------------------------------------------

EVAL_WORDS = frozenset(
    [
        "evaluate",
        "evaluation",
        "eval",
        "validate",
        "validation",
        "val",
        "valid",
        "test",
        "testing",
        "predict",
        "prediction",
        "infer",
        "inference",
    ]
)
_METRIC_METHODS = frozenset({"argmax", "topk", "eq", "item", "max", "softmax"})
_METRIC_WORDS = frozenset(
    [
        "correct",
        "acc",
        "accuracy",
        "metric",
        "metrics",
        "score",
        "scores",
        "loss",
        "losses",
        "total",
        "f1",
        "precision",
        "recall",
        "auc",
        "mae",
        "mse",
        "rmse",
        "error",
        "errors",
        "psnr",
        "iou",
        "dice",
        "pred",
        "preds",
        "prediction",
        "predictions",
    ]
)


def mode_switch(call: Call) -> str | None:
    """ "eval" for `m.eval()` / `m.train(False)`, "train" for `m.train()`, else None."""
    if switches_to_eval(call):
        return "eval"
    flag = call.node.args[0].value if call.node.args else None
    if call.method == "train" and call.mode_target is not None:
        return "train" if flag is None or getattr(flag, "value", None) == "True" else None
    return None


def switches_to_eval(call: Call) -> bool:
    if call.method == "eval" and not call.node.args:
        return True
    if call.method == "train" and call.node.args:
        flag = call.node.args[0].value
        return getattr(flag, "value", None) == "False"
    return False


def is_evaluation_function(facts: ModuleFacts, function: Scope) -> bool:
    """Evaluation: named like it, or looping over data through the model without training it;
    computes metrics, and does not need gradients on purpose."""
    if not EVAL_WORDS.intersection(words(function.name)) and not _evaluates_by_behaviour(
        facts, function
    ):
        return False
    if is_unit_test(facts, function):
        return False
    if in_lightning_module(facts, function):
        return False  # Lightning runs validation/test/predict hooks under no_grad itself
    if any(is_autograd_use(facts, c) for c in function.calls) or sets_requires_grad(function):
        return False
    return _computes_metrics(facts, function)


_TRAINING_WORDS = frozenset({"train", "training", "fit", "step", "update", "optimize", "finetune"})


def _evaluates_by_behaviour(facts: ModuleFacts, function: Scope) -> bool:
    """A loop over data that runs the model, and nothing on the way that trains it."""
    if function.name.startswith("__") or _TRAINING_WORDS.intersection(words(function.name)):
        return False
    feeds_batches = False
    for loop in function.loops:
        node = loop.node
        if not isinstance(node, cst.For) or counts_numbers(node.iter):
            continue
        batch = {b.key for bs in function.bindings.values() for b in bs if b.node is node}
        feeds_batches = feeds_batches or any(
            loop.contains(c.order)
            and not c.discarded  # calibration: the output (and its graph) is dropped at once
            and is_forward(facts, c)
            and batch & _argument_roots(c)
            for c in function.calls
        )
    return feeds_batches and not _trains(facts, function)


# What decoding picks from a model's scores: the next token, class or action.
_PICKS = frozenset({"argmax", "topk", "multinomial", "max"})


def decodes(facts: ModuleFacts, function: Scope) -> bool:
    """Decoding, whatever its name: a loop that runs the model (a model it is given, or itself),
    picks from its scores (`argmax`, `topk`, `torch.multinomial`) and feeds what it built back
    in (a name the model's input comes from is bound again after the model ran), keeping no
    graph across steps and training nothing: `generate`, greedy or beam search."""
    if function.name.startswith("__") or _TRAINING_WORDS.intersection(words(function.name)):
        return False
    if any(is_autograd_use(facts, c) for c in function.calls) or sets_requires_grad(function):
        return False
    for loop in function.loops:
        calls = [c for c in function.calls if loop.contains(c.order)]
        if not any(c.method in _PICKS for c in calls):
            continue
        forwards = [c for c in calls if is_forward(facts, c) or runs_itself(facts, c)]
        if any(_fed_back(function, loop, c) for c in forwards):
            outputs = frozenset(id(c.node) for c in forwards)
            return kept_across_iterations(facts, function, loop, outputs) is None and not (
                _trains(facts, function)
            )
    return False


def _fed_back(function: Scope, loop: Loop, forward: Call) -> bool:
    """A name the model's input comes from (directly, or through the binding that made the
    input in this loop) is bound again in the loop after the model ran."""
    names = _argument_roots(forward)
    for name in list(names):
        made = function.binding_before(name, forward.order)
        if made is not None and made.value is not None and loop.contains(made.order):
            names |= names_read(made.value)
    return any(
        loop.contains(b.order) and b.order > forward.order
        for name in names
        for b in function.bindings_of(name)
    )


def _trains(facts: ModuleFacts, function: Scope) -> bool:
    """Runs backward or steps an optimizer, itself or in a function it calls."""
    values = values_of(facts)
    for call in function.calls:
        if is_backward(facts, call) or stepped_optimizer(facts, call) is not None:
            return True
        callee = values.callee_summary(call)
        if callee is not None and (callee[0].backward or callee[0].steps):
            return True
    return False


def iterates_evaluation_data(iterable: cst.BaseExpression) -> bool:
    """`for x, y in val_loader`, `enumerate(tqdm(testloader))`: a loop over evaluation data."""
    while isinstance(iterable, cst.Call) and iterable.args:  # enumerate(val_loader), tqdm(...)
        iterable = iterable.args[0].value
    key = dotted(iterable)
    if key is None:
        return False
    parts = [w for part in key.split(".") for w in words(part)]
    # `testloader`, `valset`: one word holding the split and what it is.
    parts += [_DATA_SUFFIX.sub("", part) for part in parts]
    return bool(torch_api.EVAL_SPLIT_WORDS.intersection(parts)) and not _TRAIN_WORDS.intersection(
        parts
    )


_TRAIN_WORDS = frozenset({"train", "training"})
_DATA_SUFFIX = re.compile(r"(?:loader|set|data|dl|ds|batches)$")


def counts_numbers(iterable: cst.BaseExpression) -> bool:
    """`range(n)`, `enumerate(range(n))`: a loop over numbers, not over data."""
    while isinstance(iterable, cst.Call) and iterable.args:
        if dotted(iterable.func) == "range":
            return True
        iterable = iterable.args[0].value
    return False


def _argument_roots(call: Call) -> set[str]:
    """The names a call's arguments start from: `batch` for `batch["image"].to(device)`."""
    roots = set()
    for arg in call.node.args:
        value = arg.value
        while True:
            if isinstance(value, cst.Subscript | cst.Attribute):
                value = value.value
            elif isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute):
                value = value.func.value
            else:
                break
        if isinstance(value, cst.Name):
            roots.add(value.value)
    return roots


def in_lightning_module(facts: ModuleFacts, scope: Scope) -> bool:
    """A method of a LightningModule subclass, at any depth of project base classes."""
    # Only the bases are needed: building the class's value would summarize all its methods
    # while one of them (the caller's) is still being summarized.
    return scope.klass is not None and values_of(facts).is_lightning_class(scope.klass.name)


def is_unit_test(facts: ModuleFacts, scope: Scope) -> bool:
    """Asserts on what it computes, or a pytest test function of a test module."""
    if scope.has_assert or any((c.method or "").startswith("assert") for c in scope.calls):
        return True
    module = os.path.basename(facts.path)
    test_module = module.startswith("test_") or module.endswith("_test.py")
    # `def test(model, device, test_loader)` is the evaluation of pytorch/examples' MNIST.
    return test_module and scope.kind == "function" and scope.name.startswith("test_")


def _computes_metrics(facts: ModuleFacts, function: Scope) -> bool:
    for call in function.calls:
        if call.method in _METRIC_METHODS or loss_kind(facts, call) is not None:
            return True
        if (call.qualname or "").startswith(("sklearn.metrics.", "torchmetrics.")):
            return True
    return any(_METRIC_WORDS.intersection(words(last_name(key))) for key in function.bindings)


_MODE_DEPENDENT = ("Dropout", "BatchNorm", "AlphaDropout")


def has_mode_dependent_layers(
    facts: ModuleFacts, value: cst.BaseExpression, depth: int = 0
) -> bool | None:
    """Whether the module built by `value` has dropout or batch norm; None when it cannot tell."""
    value = torch_api.strip_module_methods(value)
    if not isinstance(value, cst.Call) or depth > _MAX_DEPTH:
        return None
    qualname = facts.qualify(value.func) or ""
    if qualname.startswith(("torchvision.models.", "timm.create_model")):
        return True  # their classifiers use batch norm and/or dropout
    if qualname == "torch.nn.Sequential":
        return any(
            isinstance(a.value, cst.Call) and has_mode_dependent_layers(facts, a.value, depth + 1)
            for a in value.args
        )
    if qualname.startswith("torch.nn."):
        return last_name(qualname).startswith(_MODE_DEPENDENT)
    info = facts.classes.get(dotted(value.func) or "")
    if info is None:
        return None
    if any(
        c.qualname == "torch.nn.functional.dropout" for m in info.methods.values() for c in m.calls
    ):
        return True
    return any(
        has_mode_dependent_layers(facts, b.value, depth + 1)
        for bindings in info.self_bindings.values()
        for b in bindings
        if b.value is not None
    )


# -- data loaders ----------------------------------------------------------------------------

_ORDERING_KEYWORDS = frozenset({"sampler", "batch_sampler"})


def loader_shuffles(facts: ModuleFacts, call: cst.Call, scope: Scope, order: int) -> bool:
    """A DataLoader that may change its order between epochs: `shuffle` other than a literal
    False, a sampler, `**kwargs` that could carry either, or an iterable-style dataset (which
    orders itself)."""
    shuffle = None
    for arg in call.args:
        keyword = arg.keyword.value if arg.keyword is not None else None
        if arg.star == "**" or keyword in _ORDERING_KEYWORDS:
            return True
        if keyword == "shuffle":
            shuffle = arg.value
    positional = [a.value for a in call.args if a.keyword is None and not a.star]
    if len(positional) >= 3:  # DataLoader(dataset, batch_size, shuffle, sampler, ...)
        return True
    if shuffle is not None and not (isinstance(shuffle, cst.Name) and shuffle.value == "False"):
        return True
    dataset = positional[0] if positional else None
    return dataset is not None and _iterable_style(facts, dataset, scope, order)


def _iterable_style(
    facts: ModuleFacts, dataset: cst.BaseExpression, scope: Scope, order: int
) -> bool:
    binding = facts.resolve(dotted(dataset) or "", scope, order)
    made = binding.value if binding is not None else dataset
    if not isinstance(made, cst.Call):
        return False
    klass = dotted(made.func) or ""
    info = facts.classes.get(klass)
    bases = info.base_qualnames + info.base_keys if info is not None else [klass]
    return any("Iterable" in last_name(base) or "Stream" in last_name(base) for base in bases)
