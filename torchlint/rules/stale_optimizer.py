"""TL001: the model is re-created after the optimizer was built from its parameters."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

import libcst as cst

from torchlint.analysis import torch_api
from torchlint.analysis.facts import Binding, Call, ClassInfo, ModuleFacts, Scope
from torchlint.analysis.names import dotted
from torchlint.analysis.training import (
    OptimizerCreation,
    constructs_model,
    optimizer_creations,
)
from torchlint.analysis.values import (
    ClassValue,
    FreshValue,
    FunctionSummary,
    ModuleValue,
    ParamValue,
    TupleValue,
    Value,
    stored_parameters,
    values_of,
)
from torchlint.findings import Severity
from torchlint.rules.base import Report, Rule
from torchlint.rules.fixes import stale_optimizer as fixes

# Calls that take the optimizer without stepping it.
_PASSIVE_USES = (
    "torch.optim.lr_scheduler.",
    "torch.optim.swa_utils.",
    "print",
    "len",
    "str",
    "repr",
)


_MODEL_METHODS = frozenset(
    {"train", "eval", "parameters", "named_parameters", "state_dict", "load_state_dict"}
)


class StaleOptimizer(Rule):
    code = "TL001"
    name = "stale-optimizer"
    severity = Severity.ERROR
    summary = "The model is re-created after the optimizer was built from its parameters."

    def check(self, facts: ModuleFacts) -> Iterator[Report]:
        for creation in optimizer_creations(facts):
            if not creation.model_keys:
                continue
            scope = creation.binding.scope
            report = self._in_same_scope(facts, creation, scope)
            if report is not None:
                yield report
            elif scope.name == "__init__" and scope.klass is not None:
                yield from self._in_other_methods(facts, creation, scope)
        for creation, init in _given_with_the_model(facts):
            yield from self._in_other_methods(facts, creation, init, given=True)

    def _in_same_scope(
        self, facts: ModuleFacts, creation: OptimizerCreation, scope: Scope
    ) -> Report | None:
        start = creation.binding.order
        rebinding = _first_rebinding(facts, creation, scope, start)
        if rebinding is None:
            return None
        if _optimizer_rebuilt(creation, scope, start, rebinding.order):
            return None
        end = _optimizer_refreshed_at(creation, scope, rebinding.order)
        calls = [c for c in scope.calls if rebinding.order < c.order < end]
        if end == scope.end:
            # The next iteration of a loop around the rebinding trains with the new object.
            calls += [
                c
                for loop in scope.loops
                if loop.contains(rebinding.order) and not loop.contains(creation.binding.order)
                for c in scope.calls
                if loop.contains(c.order) and c.order < rebinding.order
            ]
            if _returned_together(scope, rebinding, creation):
                return self._report(facts, creation, rebinding, returned=True)
        if end == scope.end and scope.name == "__init__" and scope.klass is not None:
            # Other methods run after __init__: they train with what __init__ left behind.
            calls += [c for m in scope.klass.methods.values() if m is not scope for c in m.calls]
        trained = {rebinding.key} | {
            m for m in creation.model_keys if rebinding.key.startswith(m + ".")
        }
        if not (
            _steps(facts, creation.key, calls) and any(_uses(facts, key, calls) for key in trained)
        ):
            return None
        return self._report(facts, creation, rebinding)

    def _in_other_methods(
        self, facts: ModuleFacts, creation: OptimizerCreation, init: Scope, given: bool = False
    ) -> Iterator[Report]:
        """`self.model` rebuilt in a later method while `self.optimizer` from __init__ steps on.
        An optimizer the class was `given` with the model is reported only where the training
        loop goes on after the rebuild: a method called between epochs of a loop that steps."""
        klass = init.klass
        assert klass is not None
        all_calls = [c for m in klass.methods.values() for c in m.calls]
        if not _steps(facts, creation.key, all_calls):
            return
        for method in klass.methods.values():
            if method is init:
                continue
            rebinding = _first_rebinding(facts, creation, method, method.start)
            if (
                rebinding is None
                or _optimizer_refreshed_at(creation, method, rebinding.order) != method.end
            ):
                continue
            if _calls_optimizer_builder(facts, creation, method, rebinding.order):
                continue
            if given:
                loop = _training_loop_calling(facts, klass, creation.key, method, rebinding.order)
                if loop is not None:
                    yield self._report(facts, creation, rebinding, given_in=loop)
                continue
            yield self._report(facts, creation, rebinding, Severity.WARNING)

    def _report(
        self,
        facts: ModuleFacts,
        creation: OptimizerCreation,
        rebinding: Binding,
        severity: Severity | None = None,
        returned: bool = False,
        given_in: Scope | None = None,
    ) -> Report:
        optimizer, model, line = creation.key, rebinding.key, facts.line_ref(creation.binding.node)
        if given_in is not None:
            where = (
                f"inside the training loop of `{given_in.name}`"
                if given_in is rebinding.scope
                else f"in `{rebinding.scope.name}`, which `{given_in.name}` calls between "
                "training steps,"
            )
            return Report(
                rebinding.node,
                f"`{model}` is replaced by a new object {where} while `{optimizer}`, given to the "
                f"class with the model ({line}), keeps the old parameters: training goes on with "
                f"a model the optimizer never updates",
                related=((creation.binding.node, f"`{optimizer}` is kept here"),),
                help=f"Copy the weights back with `{model}.load_state_dict(...)` instead of "
                f"replacing the module, or build a new optimizer for the new model.",
            )
        wrapper = (
            _added_layers(facts, model, rebinding.value, rebinding.scope, rebinding.order)
            if rebinding.value is not None
            else None
        )
        made = _made_by(facts, rebinding)
        related = [(creation.binding.node, f"`{optimizer}` is built here")]
        if wrapper is not None:
            name, init = wrapper
            related.append((init.origin, f"`{name}` adds layers with parameters of its own here"))
            message = (
                f"`{model}` is wrapped in `{name}` after `{optimizer}` was built from its "
                f"parameters on {line}: the added layers never train"
            )
            help_text = (
                f"Wrap the model before building the optimizer, or add the new layers with "
                f"`{optimizer}.add_param_group(...)`."
            )
        elif not returned and any(model.startswith(m + ".") for m in creation.model_keys):
            message = (
                f"`{model}` is replaced after `{optimizer}` was built from the model's parameters "
                f"on {line}: the new layer never trains"
            )
            help_text = (
                f"Replace the layer before building the optimizer, or add it with "
                f"`{optimizer}.add_param_group(...)`."
            )
        else:
            message = (
                f"`{model}` is re-created{made} after `{optimizer}` was built from its parameters "
                f"on {line}"
                + (f", and `{rebinding.scope.name}` returns both" if returned else "")
                + ": the new model never learns"
            )
            help_text = "Build the optimizer after the final model, or " + (
                "load weights into the existing model with `load_state_dict`."
                if returned
                else "create a new optimizer for it."
            )
        return Report(
            rebinding.node,
            message,
            severity,
            related=tuple(related),
            help=help_text,
            fix=partial(fixes.fix, facts, optimizer, creation.binding, rebinding),
        )


def _given_with_the_model(facts: ModuleFacts) -> Iterator[tuple[OptimizerCreation, Scope]]:
    """`self.model = model` and `self.optimizer = optimizer` in a trainer's `__init__`, and the
    class steps the optimizer and calls the model: the optimizer it is given holds the
    parameters of the model it is given (`Trainer(net, Adam(net.parameters()))`)."""
    for klass in facts.classes.values():
        init = klass.methods.get("__init__")
        if init is None:
            continue
        stored = [key for key, _ in stored_parameters(init)]
        optimizers = [key for key in stored if torch_api.looks_like_optimizer(key)]
        calls = [c for m in klass.methods.values() for c in m.calls]
        if len(optimizers) != 1 or not _steps(facts, optimizers[0], calls):
            continue
        models = frozenset(
            key
            for key in stored
            if key not in optimizers
            and any(c.key == key for c in calls)
            and any(_treated_as_a_model(call, key) for call in calls)
        )
        if models:
            yield OptimizerCreation(optimizers[0], init.bindings[optimizers[0]][0], models), init


def _treated_as_a_model(call: Call, key: str) -> bool:
    """`self.net.train()`, `self.net.parameters()`, `copy.deepcopy(self.net)`: what is done to
    a model with parameters, not to a loss or a metric the class also calls."""
    if call.receiver_key == key:
        return call.method in _MODEL_METHODS
    return call.qualname in torch_api.COPY_FUNCTIONS and key in call.argument_keys()


def _training_loop_calling(
    facts: ModuleFacts, klass: ClassInfo, optimizer: str, method: Scope, at: int
) -> Scope | None:
    """The method with a loop that steps `optimizer` (itself or through methods of the class)
    and, in the same loop, rebinds the model at `at` or calls `method`, which does: training
    goes on after each rebinding."""
    for owner in klass.methods.values():
        for loop in owner.loops:
            calls = [c for c in owner.calls if loop.contains(c.order)]
            rebinds = (
                loop.contains(at)
                if owner is method
                else any(c.key == f"self.{method.name}" for c in calls)
            )
            if rebinds and _steps_in(facts, klass, optimizer, calls, method):
                return owner
    return None


def _steps_in(
    facts: ModuleFacts, klass: ClassInfo, optimizer: str, calls: list[Call], method: Scope
) -> bool:
    helpers = [f for c in calls for f in facts.called_functions(c) if f.klass is klass]
    return _steps(facts, optimizer, calls) or any(
        _steps(facts, optimizer, helper.calls) for helper in helpers if helper is not method
    )


def _first_rebinding(
    facts: ModuleFacts, creation: OptimizerCreation, scope: Scope, after: int
) -> Binding | None:
    candidates = []
    for key, bindings in scope.bindings.items():
        if key == "self":
            continue  # `self = rref.local_value()` in a staticmethod is not a new model
        replaces_whole = any(key == m or m.startswith(key + ".") for m in creation.model_keys)
        replaces_layer = not replaces_whole and creation.covers(key)
        if not (replaces_whole or replaces_layer):
            continue
        for binding in bindings:
            if binding.order <= after or binding.augmented:
                continue
            if binding.value is None:
                # `model, acc = run_stage(model, ...)`: the helper's result at that position.
                if replaces_whole and _unpacks_new_object(facts, binding):
                    candidates.append(binding)
                continue
            if (
                replaces_whole and _is_new_object(facts, key, binding.value, scope, binding.order)
            ) or (replaces_layer and constructs_model(facts, binding.value)):
                candidates.append(binding)
    return min(candidates, key=lambda b: b.order, default=None)


def _returned_together(scope: Scope, rebinding: Binding, creation: OptimizerCreation) -> bool:
    """`return model, optimizer` (or `model.to(device), ...`) after the model was rebound: a
    setup/resume helper."""
    for value, order in scope.returns:
        if order > rebinding.order and isinstance(value, cst.Tuple):
            keys = {dotted(torch_api.strip_module_methods(e.value)) for e in value.elements}
            if rebinding.key in keys and creation.key in keys:
                return True
    return False


def _is_new_object(
    facts: ModuleFacts, key: str, value: cst.BaseExpression, scope: Scope, order: int
) -> bool:
    """`Net()`, `build(cfg)`, `copy.deepcopy(model)`, a name bound to a copy, a helper returning
    a loaded object: yes. `model.to(d)`, `DDP(model)`, a helper returning its argument: no."""
    values = values_of(facts)
    if isinstance(value, cst.Name | cst.Attribute):
        found = values.value_of(value, scope, order)
        if found is not None or isinstance(value, cst.Name):
            return isinstance(found, FreshValue) or (
                isinstance(found, ModuleValue)
                and found.identity[:1] == ("new",)
                and found.identity != _identity_before(facts, key, scope, order)
            )
    if isinstance(value, cst.Call) and (callee := values.callee_summary_of(value, scope, order)):
        new = _returns_new_object(callee.returns)
        if new is not None:
            return new
    value = torch_api.strip_module_methods(value)
    if isinstance(value, cst.Subscript | cst.Attribute):
        # `ckpt["model"]`, `torch.load(path).net`: a module unpickled with the checkpoint.
        root: cst.BaseExpression = value
        while isinstance(root, cst.Subscript | cst.Attribute):
            root = root.value
        return isinstance(values.value_of(root, scope, order), FreshValue)
    while (
        isinstance(value, cst.Call)
        and isinstance(value.func, cst.Attribute)
        and isinstance(value.func.value, cst.Call)
    ):
        value = value.func.value
    if not isinstance(value, cst.Call):
        return False
    if facts.qualify(value.func) in torch_api.COPY_FUNCTIONS or dotted(value.func) == "deepcopy":
        return True
    # Wrappers (DataParallel, torch.compile, EMA helpers) hold the same parameters, unless the
    # wrapper builds layers of its own (a classification head): those are not in the optimizer.
    if any(dotted(arg.value) == key for arg in value.args):
        return _added_layers(facts, key, value, scope, order) is not None
    receiver = dotted(value.func.value) if isinstance(value.func, cst.Attribute) else None
    return receiver is None or not (receiver == key or receiver.startswith(key + "."))


def _returns_new_object(returns: Value | None) -> bool | None:
    """Whether a helper returning `returns` hands back a new object; None: unknown."""
    if isinstance(returns, ParamValue):
        return False  # `return model` (loaded in place): the caller's own object
    if isinstance(returns, FreshValue) or (
        isinstance(returns, ModuleValue) and returns.identity[:1] != ("self",)
    ):
        return True
    return None


def _identity_before(facts: ModuleFacts, key: str, scope: Scope, order: int) -> object:
    """The identity of the module `key` holds just before `order` (None if unknown): an alias
    of it (`best = model` ... `model = best`) is the same object, not a new one."""
    binding = facts.resolve(key, scope, order)
    if binding is None or binding.value is None:
        return None
    found = values_of(facts).value_of(binding.value, binding.scope, binding.order)
    return found.identity if isinstance(found, ModuleValue) else None


def _unpacks_new_object(facts: ModuleFacts, binding: Binding) -> bool:
    """`model, acc = helper(...)` where the helper returns a new model at that position."""
    origin = binding.origin
    if binding.unpack is None or not binding.unpacks_origin or not isinstance(origin, cst.Call):
        return False
    summary = values_of(facts).callee_summary_of(origin, binding.scope, binding.order)
    returned = summary.returns if summary is not None else None
    for index in binding.unpack:
        if not isinstance(returned, TupleValue) or index >= len(returned.elements):
            return False
        returned = returned.elements[index]
    return bool(_returns_new_object(returned))


def _made_by(facts: ModuleFacts, rebinding: Binding) -> str:
    """` by `run_stage(...)` (src/stages.py, line 21)`: the helper that returns the new model."""
    call = rebinding.value if rebinding.value is not None else rebinding.origin
    if call is None:
        return ""
    call = torch_api.strip_module_methods(call)
    if not isinstance(call, cst.Call):
        return ""
    summary = values_of(facts).callee_summary_of(call, rebinding.scope, rebinding.order)
    if summary is None:
        return ""
    return f" by `{summary.name}(...)` ({summary.origin.describe(facts)})"


def _added_layers(
    facts: ModuleFacts, key: str, value: cst.BaseExpression, scope: Scope, order: int
) -> tuple[str, FunctionSummary] | None:
    """`Head(model, dim, n)`, an nn.Module wrapping `key` whose constructor builds layers with
    parameters of its own: its name and its constructor's summary (for where it is)."""
    value = torch_api.strip_module_methods(value)
    if not isinstance(value, cst.Call) or not any(dotted(a.value) == key for a in value.args):
        return None
    values = values_of(facts)
    built = values.value_of(value, scope, order)
    if not (isinstance(built, ModuleValue) and built.own_parameters):
        return None
    klass = values.value_of(value.func, scope, order)
    init = dict(klass.methods).get("__init__") if isinstance(klass, ClassValue) else None
    return (facts.code(value.func), init) if init is not None else None


def _optimizer_rebuilt(creation: OptimizerCreation, scope: Scope, start: int, end: int) -> bool:
    return any(start < b.order < end for b in scope.bindings_of(creation.key))


def _optimizer_refreshed_at(creation: OptimizerCreation, scope: Scope, after: int) -> int:
    """Where the optimizer is rebuilt or gets new parameters after `after`; else the scope's end."""
    orders = [b.order for b in scope.bindings_of(creation.key) if b.order > after]
    orders += [
        c.order
        for c in scope.calls
        if c.order > after and c.receiver_key == creation.key and c.method == "add_param_group"
    ]
    return min(orders, default=scope.end)


def _steps(facts: ModuleFacts, optimizer: str, calls: list[Call], depth: int = 0) -> bool:
    for call in calls:
        if call.receiver_key == optimizer and call.method == "step":
            return True
        if optimizer in call.argument_keys() and not (call.qualname or call.key or "").startswith(
            _PASSIVE_USES
        ):
            return True
        for function in _global_readers(facts, optimizer, call, depth):
            if _steps(facts, optimizer, function.calls, depth + 1):
                return True
    return False


def _uses(facts: ModuleFacts, model: str, calls: list[Call], depth: int = 0) -> bool:
    for call in calls:
        if call.key == model or model in call.argument_keys():
            return True
        receiver = call.receiver_key
        if receiver is not None and (receiver == model or receiver.startswith(model + ".")):
            return True
        for function in _global_readers(facts, model, call, depth):
            if _uses(facts, model, function.calls, depth + 1):
                return True
    return False


def _global_readers(facts: ModuleFacts, key: str, call: Call, depth: int) -> list[Scope]:
    """Module-level functions `call` runs that read the module-level `key` (a global they do
    not bind): `train_epoch()` stepping the script's `optimizer` on the script's `model`."""
    if depth >= 3 or "." in key or not (depth or call.scope is facts.module_scope):
        return []
    return [
        function
        for function in facts.called_functions(call)
        if function.parent is facts.module_scope
        and key not in function.params
        and not function.bindings_of(key)
    ]


def _calls_optimizer_builder(
    facts: ModuleFacts, creation: OptimizerCreation, method: Scope, after: int
) -> bool:
    """`self._build_optimizer()` after the rebinding, where that method assigns the optimizer."""
    for call in method.calls:
        if call.order > after:
            for function in facts.called_functions(call):
                if function.bindings_of(creation.key):
                    return True
    return False
