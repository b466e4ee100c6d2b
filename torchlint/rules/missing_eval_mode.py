"""TL007: a model with dropout/batch norm evaluated in training mode, or trained in eval mode."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

import libcst as cst

from torchlint.analysis import torch_api
from torchlint.analysis.facts import Binding, Call, Loop, ModuleFacts, Scope
from torchlint.analysis.names import dotted, last_name
from torchlint.analysis.training import (
    has_mode_dependent_layers,
    is_backward,
    is_evaluation_function,
    is_forward,
    iterates_evaluation_data,
    mode_switch,
    switches_to_eval,
)
from torchlint.analysis.values import FunctionSummary, ModuleValue, values_of
from torchlint.findings import Severity
from torchlint.rules.base import Report, Rule
from torchlint.rules.fixes import missing_eval_mode as fixes


class MissingEvalMode(Rule):
    code = "TL007"
    name = "missing-eval-mode"
    severity = Severity.WARNING
    summary = (
        "Dropout/batch norm in training mode while evaluating, or eval mode kept for training."
    )

    def check(self, facts: ModuleFacts) -> Iterator[Report]:
        for scope in facts.scopes:
            reports = [
                *_eval_never_left(facts, scope),
                *_eval_never_left_across_calls(facts, scope),
                *_loaded_for_inference(facts, scope),
                *_evaluated_by_other_modules(facts, scope),
                *_evaluation_loops_in_training_mode(facts, scope),
            ]
            if scope.kind == "function" and is_evaluation_function(facts, scope):
                reports += _evaluation_in_training_mode(facts, scope)
            reported: set[int] = set()
            for report in reports:  # a loaded model evaluated without eval(): one finding
                if id(report.node) not in reported:
                    reported.add(id(report.node))
                    yield report


def _mode_calls(scope: Scope, model: str) -> list[Call]:
    return [c for c in scope.calls if c.mode_target == model and c.method in ("eval", "train")]


def _eval_never_left(facts: ModuleFacts, scope: Scope) -> Iterator[Report]:
    """for epoch: <train inline>; model.eval(); <validate>  -- and no model.train() in the loop."""
    for loop in scope.loops:
        calls = [c for c in scope.calls if loop.contains(c.order)]
        for switch in calls:
            model = switch.mode_target
            if model is None or not switches_to_eval(switch):
                continue
            trained_before = any(is_backward(facts, c) and c.order < switch.order for c in calls)
            modes = _mode_calls(scope, model)
            back_to_train = any(loop.contains(c.order) and not switches_to_eval(c) for c in modes)
            handed_over = any(model in c.argument_keys() for c in calls)
            forwarded = any(c.key == model and c.order < switch.order for c in calls)
            fresh = _built_each_iteration(facts, scope, loop, model, switch.order)
            if (
                trained_before
                and forwarded
                and not back_to_train
                and not handed_over
                and not fresh
                and not _known_free_of_mode_layers(facts, model, scope, switch.order)
            ):
                message, help_text = _never_left_message(model)
                fix = partial(fixes.train_each_iteration, facts, loop, model)
                yield Report(switch.node, message, Severity.ERROR, help=help_text, fix=fix)
                return


def _built_each_iteration(
    facts: ModuleFacts, scope: Scope, loop: Loop, model: str, order: int
) -> bool:
    """`for ...: net = Net(); ...; net.eval()`: every iteration starts with a new model, which
    is in training mode, so an `eval()` left over from the last iteration does not matter."""
    binding = facts.resolve(model, scope, order)
    if binding is None or binding.scope is not scope or not loop.contains(binding.order):
        return False
    if binding.value is None:
        return False
    value = values_of(facts).value_of(binding.value, scope, binding.order)
    return isinstance(value, ModuleValue) and value.identity in {
        ("new", id(call)) for call in _call_chain(binding.value)
    }


def _call_chain(node: cst.BaseExpression) -> Iterator[cst.BaseExpression]:
    """`Net(cfg).to(device).train()`: the outer call, then each receiver down to `Net(cfg)`."""
    while True:
        yield node
        if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute)):
            return
        node = node.func.value


@dataclass(frozen=True)
class _ModeEvent:
    call: Call
    mode: str | None  # "eval" / "train" after the call, None if it leaves the mode alone
    trains: bool = False
    to_train: bool = False  # switches to training mode somewhere (maybe back to eval after)
    helper: FunctionSummary | None = None


def _mode_events(
    facts: ModuleFacts, calls: list[Call], model: str, strict: bool = True
) -> list[_ModeEvent] | None:
    """What each call does to `model`'s mode; None if some call takes it and is not known
    (with `strict`; otherwise unknown calls are skipped)."""
    values = values_of(facts)
    events = []
    for call in calls:
        if call.mode_target == model and (mode := mode_switch(call)) is not None:
            events.append(_ModeEvent(call, mode))
            continue
        if model not in call.argument_keys():
            continue
        callee = values.callee_summary(call)
        if callee is None:
            if last_name(call.key or "") in _MODE_NEUTRAL or not strict:
                continue
            return None
        summary, bound = callee
        arguments = values.arguments(summary, bound, call.node)
        indices = {i for i, a in arguments.items() if dotted(a) == model}
        mode = next((m for i, m in summary.leaves_mode if i in indices), None)
        trains = summary.trains and bool(indices & summary.forward_with_grad)
        events.append(_ModeEvent(call, mode, trains, bool(indices & summary.to_train), summary))
    return events


_MODE_NEUTRAL = frozenset({"print", "len", "str", "repr", "isinstance", "type", "id"})


def _mode_before(facts: ModuleFacts, scope: Scope, model: str, order: int) -> str | None:
    """The mode `model` was last switched to before `order`: directly, or by a helper
    (`evaluate(model, ...)` that calls `model.eval()`)."""
    earlier = [c for c in scope.calls if c.order < order]
    events = _mode_events(facts, earlier, model, strict=False) or []
    modes = [e.mode for e in events if e.mode is not None]
    if modes:
        return modes[-1]
    binding = facts.resolve(model, scope, order)  # `model = load_model(...)`, returned in eval
    if binding is not None and isinstance(binding.value, cst.Call):
        summary = values_of(facts).callee_summary_of(binding.value, binding.scope, binding.order)
        return summary.returns_mode if summary is not None else None
    return None


def _eval_or_unknown(mode: str | None) -> bool:
    """Switched to eval mode, or by a helper to a mode the code does not show (a context
    manager that restores the mode it saved): either way, no training-mode evaluation to report."""
    return mode in ("eval", "unknown")


def _eval_never_left_across_calls(facts: ModuleFacts, scope: Scope) -> Iterator[Report]:
    """for epoch: train_one_epoch(model, ...); evaluate(model, ...) -- where `evaluate` calls
    `model.eval()` and nothing in the loop calls `model.train()` again."""
    for loop in scope.loops:
        calls = [c for c in scope.calls if loop.contains(c.order)]
        models = {c.mode_target for c in calls if mode_switch(c) == "eval"}
        for call in calls:
            callee = values_of(facts).callee_summary(call)
            if callee is not None and any(m == "eval" for _, m in callee[0].leaves_mode):
                models |= call.argument_keys()
        for model in sorted(m for m in models if m):
            events = _mode_events(facts, calls, model)
            if not events or not any(e.helper for e in events):
                continue
            switches = [e for e in events if e.mode == "eval"]
            trained_here = any(is_backward(facts, c) for c in calls) and any(
                c.key == model and is_forward(facts, c) and not c.grad_disabled for c in calls
            )
            if (
                switches
                and not _built_each_iteration(facts, scope, loop, model, switches[0].call.order)
                and not _known_free_of_mode_layers(facts, model, scope, switches[0].call.order)
                and (trained_here or any(e.trains for e in events))
                and not any(e.mode == "train" or e.to_train for e in events)
            ):
                helper = switches[0].helper
                switch = f"`{helper.name}` ({helper.origin.describe(facts)})" if helper else None
                message, help_text = _never_left_message(model, switch)
                yield Report(switches[0].call.node, message, Severity.ERROR, help=help_text)


def _evaluated_by_other_modules(facts: ModuleFacts, scope: Scope) -> Iterator[Report]:
    """`evaluate(model, loader)` from another module, which never calls `model.eval()`, given a
    model with dropout/batch norm that is in training mode here."""
    values = values_of(facts)
    for call in scope.calls:
        callee = values.callee_summary(call)
        if callee is None or callee[0].origin.path is None or not callee[0].evaluates:
            continue
        summary, bound = callee
        for index, argument in values.arguments(summary, bound, call.node).items():
            model = dotted(argument)
            if model is None or index not in summary.runs_forward:
                continue
            if any(i == index for i, _ in summary.leaves_mode):
                continue
            if not _known_mode_dependent(facts, model, scope, call.order):
                continue
            if _eval_or_unknown(_mode_before(facts, scope, model, call.order)):
                continue
            where = summary.origin.describe(facts)
            message, help_text = _helper_message(model, summary.name, where)
            yield Report(
                call.node,
                message,
                related=((summary.origin, f"`{summary.name}` runs `{model}` without `.eval()`"),),
                help=help_text,
            )
            break


def _loaded_for_inference(facts: ModuleFacts, scope: Scope) -> Iterator[Report]:
    """model.load_state_dict(...) ; with torch.no_grad(): model(x)  -- without model.eval()."""
    if any(is_backward(facts, c) for c in scope.calls):
        return  # training continues after loading: training mode is right
    for load in scope.calls:
        model = load.receiver_key
        if load.method != "load_state_dict" or model is None:
            continue
        if not _known_mode_dependent(facts, model, scope, load.order):
            continue
        switches = [c.order for c in _mode_calls(scope, model) if c.order > load.order]
        for forward in scope.calls:
            if (
                forward.order > load.order
                and forward.key == model
                and forward.grad_disabled
                and not any(order < forward.order for order in switches)
                and is_forward(facts, forward)
            ):
                message, help_text = _loaded_message(model)
                fix = partial(fixes.eval_after_loading, facts, load.node, model)
                yield Report(forward.node, message, help=help_text, fix=fix)
                return


def _evaluation_loops_in_training_mode(facts: ModuleFacts, scope: Scope) -> Iterator[Report]:
    """`for batch in test_loader: model(x)` inside training code (an evaluation every N steps),
    with `model` last switched to training mode, or never switched."""
    for loop in scope.loops:
        node = loop.node
        if not isinstance(node, cst.For) or not iterates_evaluation_data(node.iter):
            continue
        calls = [c for c in scope.calls if loop.contains(c.order)]
        if any(is_backward(facts, c) for c in calls):
            continue
        for forward in calls:
            model = forward.key
            if model is None or not is_forward(facts, forward):
                continue
            if any(c.mode_target == model and c.order < forward.order for c in calls):
                break
            if not _known_mode_dependent(facts, model, scope, forward.order):
                continue
            if _eval_or_unknown(_mode_before(facts, scope, model, loop.start)):
                break
            data = facts.code(node.iter)
            message, help_text = _loop_message(model, data)
            fix = partial(fixes.eval_around_loop, facts, loop, model)
            yield Report(forward.node, message, help=help_text, fix=fix)
            return


def _evaluation_in_training_mode(facts: ModuleFacts, function: Scope) -> Iterator[Report]:
    for forward in function.calls:
        model = forward.key
        if model is None or not is_forward(facts, forward) or _mode_calls(function, model):
            continue
        if _built_untrained_here(facts, function, model, forward.order):
            continue
        if _evaluated_model_is_mode_dependent(facts, function, model, forward):
            message, help_text = _evaluation_message(model, function.name)
            fix = partial(fixes.eval_in_function, facts, function, model)
            yield Report(forward.node, message, help=help_text, fix=fix)
            return
        if (switch := _only_ever_switched_to_training(facts, function, model)) is not None:
            message, help_text = _class_message(model, function.name, switch.scope.name)
            related = ((switch.node, f"`{model}` is switched to training mode here"),)
            yield Report(
                forward.node,
                message,
                related=related,
                help=help_text,
                unless_switched_to_eval_elsewhere=model.removeprefix("self."),
                fix=partial(fixes.eval_in_function, facts, function, model),
            )
            return


def _built_untrained_here(facts: ModuleFacts, function: Scope, model: str, order: int) -> bool:
    """`model = Net()` in the function itself, with no weights loaded: a shape smoke test
    (`preds = model(torch.randn(2, 3, 64, 64)); print(preds.shape)`), not an evaluation."""
    binding = facts.resolve(model, function, order)
    if binding is None or binding.scope is not function:
        return False
    value = binding.value
    if not isinstance(value, cst.Call) or facts.qualify(value.func) in torch_api.COPY_FUNCTIONS:
        return False  # a copy of a trained model
    if any(arg.keyword is not None and arg.keyword.value in _PRETRAINED for arg in value.args):
        return False
    return not any(c.method in _WEIGHT_LOADERS for c in function.calls)


_WEIGHT_LOADERS = frozenset({"load_state_dict", "load", "from_pretrained", "load_checkpoint"})
_PRETRAINED = frozenset({"pretrained", "weights"})


def _only_ever_switched_to_training(facts: ModuleFacts, method: Scope, model: str) -> Call | None:
    """`self.model.train()` in one method of a class, and `self.model.eval()` nowhere in the
    module (nor, in a project run, `trainer.model.eval()` in another module: see the report's
    condition): the class's evaluation runs a model of unknown layers in training mode. The
    explicit `train()` is the author's word that the mode matters. The `train()` call, or None."""
    klass = method.klass
    if klass is None or klass.base_keys or not model.startswith("self."):
        return None  # a base class of another module may switch modes
    if _known_free_of_mode_layers(facts, model, method, method.start + 1):
        return None
    attribute = model.removeprefix("self")
    switches = []
    for scope in facts.scopes:
        for call in scope.calls:
            target = call.mode_target or ""
            if scope.klass is klass and model in call.argument_keys():
                return None  # handed to a helper that may switch it
            if call.method in ("eval", "train") and target.endswith(attribute):
                if target != model or scope.klass is not klass or mode_switch(call) != "train":
                    return None
                switches.append(call)
    return switches[0] if switches else None


def _evaluated_model_is_mode_dependent(
    facts: ModuleFacts, function: Scope, model: str, forward: Call
) -> bool:
    if model not in function.params:
        return _known_mode_dependent(facts, model, function, forward.order)
    index = function.params.index(model)
    for site in facts.call_sites(function):
        passed = site.keyword(model) or site.positional(index - (1 if function.klass else 0))
        key = dotted(passed) if passed is not None else None
        if key is None or not _known_mode_dependent(facts, key, site.scope, site.order):
            continue
        if not _eval_or_unknown(_mode_before(facts, site.scope, key, site.order)):
            return True
    return False


def _known_free_of_mode_layers(facts: ModuleFacts, model: str, scope: Scope, order: int) -> bool:
    """A model whose layers are all known, none of them dropout or batch norm: its mode changes
    nothing (`nn.Sequential(nn.Flatten(), nn.Linear(784, 10))`)."""
    binding = facts.resolve(model, scope, order)
    if binding is None or binding.value is None:
        return False
    value = values_of(facts).value_of(binding.value, binding.scope, binding.order)
    return isinstance(value, ModuleValue) and value.mode_dependent is False


def _known_mode_dependent(facts: ModuleFacts, model: str, scope: Scope, order: int) -> bool:
    binding: Binding | None = facts.resolve(model, scope, order)
    if binding is None or binding.value is None:
        return False
    if has_mode_dependent_layers(facts, binding.value):
        return True
    value = values_of(facts).value_of(binding.value, binding.scope, binding.order)
    return isinstance(value, ModuleValue) and bool(value.mode_dependent)


_TRAINING_MODE = "dropout stays on and batch norm uses (and updates) batch statistics."


def _class_message(model: str, function: str, trainer: str) -> tuple[str, str]:
    return (
        f"`{function}` runs `{model}` in training mode: `{trainer}` switches it with "
        f"`{model}.train()` and nothing calls `{model}.eval()`",
        f"Call `{model}.eval()` at the start of `{function}`: {_TRAINING_MODE}",
    )


def _never_left_message(model: str, helper: str | None = None) -> tuple[str, str]:
    switch = f"{helper} switches `{model}`" if helper else f"`{model}.eval()` switches"
    return (
        f"{switch} to evaluation mode, but `{model}.train()` is never called again in this loop",
        f"Call `{model}.train()` before each epoch's training: from the second epoch on the model "
        f"trains with dropout off and batch norm frozen.",
    )


def _helper_message(model: str, function: str, where: str) -> tuple[str, str]:
    return (
        f"`{model}` is in training mode here, but `{function}` ({where}) evaluates it without "
        f"calling `.eval()`",
        f"Call `{model}.eval()` before evaluating (and `{model}.train()` after): {_TRAINING_MODE}",
    )


def _loop_message(model: str, data: str) -> tuple[str, str]:
    return (
        f"`{model}` runs over evaluation data (`{data}`) in training mode",
        f"Call `{model}.eval()` before the loop (and `{model}.train()` after it): {_TRAINING_MODE}",
    )


def _loaded_message(model: str) -> tuple[str, str]:
    return (
        f"`{model}` is loaded with `load_state_dict` and used for inference without "
        f"`{model}.eval()`",
        f"Call `{model}.eval()` after loading: {_TRAINING_MODE}",
    )


def _evaluation_message(model: str, function: str) -> tuple[str, str]:
    return (
        f"`{function}` evaluates `{model}` without `{model}.eval()`",
        f"Call `{model}.eval()` first (and `{model}.train()` before training again): "
        f"{_TRAINING_MODE}",
    )
