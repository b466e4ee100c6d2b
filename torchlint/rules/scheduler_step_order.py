"""TL011: a learning-rate scheduler stepped at the wrong time or without its metric."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import partial

import libcst as cst

from torchlint.analysis.facts import Call, ModuleFacts, Scope
from torchlint.analysis.torch_api import EPOCH_SCHEDULERS
from torchlint.analysis.training import (
    batch_loop,
    is_backward,
    scheduler_of,
    stepped_optimizer,
    training_loop,
)
from torchlint.analysis.values import (
    ClassValue,
    FunctionSummary,
    FunctionValue,
    Origin,
    SchedulerValue,
    values_of,
)
from torchlint.findings import Severity
from torchlint.rules.base import Report, Rule
from torchlint.rules.fixes import scheduler_step_order as fixes

_MAX_CALLERS = 3  # callers of callers, at most this deep


class SchedulerStepOrder(Rule):
    code = "TL011"
    name = "scheduler-step-order"
    severity = Severity.ERROR
    summary = "An LR scheduler is stepped per batch though epoch-based, or before optimizer.step()."

    def check(self, facts: ModuleFacts) -> Iterator[Report]:
        for scope in facts.scopes:
            for call in scope.calls:
                scheduler = scheduler_of(facts, call)
                if scheduler is not None:
                    yield from _check_step(facts, call, scheduler)
                else:
                    yield from _steps_in_other_modules(facts, call)


def _check_step(facts: ModuleFacts, call: Call, scheduler: SchedulerValue) -> Iterator[Report]:
    name = call.receiver_key or facts.code(call.receiver)  # type: ignore[arg-type]
    if scheduler.kind == "ReduceLROnPlateau" and not call.node.args:
        if not _stepped_with_metric(call):
            message, help_text = _plateau_message(name)
            yield Report(call.node, message, help=help_text)
        return
    loop = training_loop(facts, call)
    per_iteration = None
    if loop is not None:
        steps = [
            c for c in call.scope.calls if loop.contains(c.order) and stepped_optimizer(facts, c)
        ]
    elif not call.loops and call.scope.kind == "function":
        per_iteration = _called_per_iteration(facts, call.scope, 0)
        if per_iteration is None and not _updates_once_per_call(facts, call.scope):
            return
        steps = [c for c in call.scope.calls if not c.loops and stepped_optimizer(facts, c)]
    else:
        return
    later = [s for s in steps if s.order > call.order]
    if later and not any(s.order < call.order for s in steps):
        optimizer_step = facts.code(later[0].node.func)
        if per_iteration is None:
            message, help_text = _order_message(name, optimizer_step)
            yield Report(call.node, message, Severity.WARNING, help=help_text)
        else:
            message, help_text = _order_in_helper_message(
                name, optimizer_step, call.scope, per_iteration, facts
            )
            related = ((per_iteration.node, "called once per training iteration here"),)
            yield Report(call.node, message, Severity.WARNING, related, help=help_text)
    elif loop is not None and _epoch_based(scheduler) and (batches := batch_loop(facts, call)):
        message, help_text = _per_batch_message(name, scheduler, facts)
        yield Report(
            call.node,
            message,
            related=_built(scheduler),
            help=help_text,
            fix=partial(fixes.fix, facts, call, batches),
        )


def _updates_once_per_call(facts: ModuleFacts, scope: Scope) -> bool:
    """A one-step update function (`backward`, then the steps), which its callers run per
    iteration."""
    values = values_of(facts)
    for call in scope.calls:
        if call.loops:
            continue
        if is_backward(facts, call):
            return True
        callee = values.callee_summary(call)
        if callee is not None and callee[0].backward:
            return True
    return False


def _called_per_iteration(facts: ModuleFacts, function: Scope, depth: int) -> Call | None:
    """The call of this file that runs `function` once per training iteration: in a training
    loop, or outside loops in a function that is itself run once per iteration (an
    `_optimizer_step()` helper that `fit()` calls after its `backward()`)."""
    if depth > _MAX_CALLERS:
        return None
    for site in facts.call_sites(function):
        if site.scope is function or function not in facts.called_functions(site):
            continue
        if training_loop(facts, site) is not None:
            return site
        caller = site.scope
        if (
            not site.loops
            and caller.kind == "function"
            and (
                _updates_once_per_call(facts, caller)
                or _called_per_iteration(facts, caller, depth + 1) is not None
            )
        ):
            return site
    return None


def _stepped_with_metric(call: Call) -> bool:
    """`sched.step(metric)` elsewhere in the function: the bare step serves other schedules
    (`if isinstance(sched, ReduceLROnPlateau): sched.step(loss) else: sched.step()`)."""
    key = call.receiver_key
    return key is not None and any(
        c.method == "step" and c.receiver_key == key and c.node.args for c in call.scope.calls
    )


def _steps_in_other_modules(facts: ModuleFacts, call: Call) -> Iterator[Report]:
    """A scheduler handed to a function or a class of another module that steps it per batch
    or without its metric: `train_one_epoch(..., scheduler)`, `Trainer(model, opt, scheduler)`."""
    values = values_of(facts)
    callee = values.value_of(call.node.func, call.scope, call.order)
    if isinstance(callee, FunctionValue):
        summary, bound = callee.summary, callee.bound is not None
        if summary.origin.node is not None:
            return  # of this file, where the step itself is judged
        arguments = values.arguments(summary, bound, call.node)
        stored = {f"#{index}": index for index in arguments}
        yield from _handed_over(facts, call, arguments, stored, [(summary.name, summary)])
    elif isinstance(callee, ClassValue):
        methods = dict(callee.methods)
        init = methods.get("__init__")
        if init is None or init.origin.node is not None:
            return
        arguments = values.arguments(init, True, call.node)
        stored = dict(init.stores)
        named = [(f"{callee.name}.{name}", method) for name, method in callee.methods]
        yield from _handed_over(facts, call, arguments, stored, named)


def _handed_over(
    facts: ModuleFacts,
    call: Call,
    arguments: Mapping[int, cst.BaseExpression],
    stored: Mapping[str, int],
    functions: list[tuple[str, FunctionSummary]],
) -> Iterator[Report]:
    """Reports for the schedulers among `arguments` that `functions` step wrongly; `stored` maps
    their step targets (`#2`, `self.sched`) to the arguments' indices."""
    values = values_of(facts)
    reported: set[int] = set()
    for name, summary in functions:
        for steps, wrong in (
            (summary.bare_scheduler_steps, _needs_metric),
            (summary.batch_scheduler_steps, _epoch_based),
        ):
            for target, origin in steps:
                index = stored.get(target)
                argument = arguments.get(index) if index is not None else None
                if argument is None or index in reported:
                    continue
                scheduler = values.value_of(argument, call.scope, call.order)
                if not isinstance(scheduler, SchedulerValue) or not wrong(scheduler):
                    continue
                reported.add(index)  # type: ignore[arg-type]
                argument_name = facts.code(argument)
                if wrong is _needs_metric:
                    message, help_text = _plateau_elsewhere_message(
                        argument_name, scheduler, facts, name, origin
                    )
                else:
                    message, help_text = _per_batch_message(
                        argument_name, scheduler, facts, name, origin
                    )
                yield Report(call.node, message, related=_built(scheduler), help=help_text)


def _needs_metric(scheduler: SchedulerValue) -> bool:
    return scheduler.kind == "ReduceLROnPlateau"


def _epoch_based(scheduler: SchedulerValue) -> bool:
    return scheduler.kind in EPOCH_SCHEDULERS and not scheduler.per_iteration


def _built(scheduler: SchedulerValue) -> tuple:
    return ((scheduler.origin, f"built here as a {scheduler.kind}, sized in epochs"),)


_PLATEAU_FIX = (
    "Pass the validation metric to its `step()`: without one the call fails, and a training "
    "metric would lower the learning rate at the wrong time."
)


def _plateau_message(scheduler: str) -> tuple[str, str]:
    return (
        f"`{scheduler}` is a ReduceLROnPlateau, stepped without the metric it monitors",
        f"Pass the validation metric (`{scheduler}.step(val_loss)`): without one the call fails, "
        f"and a training metric would lower the learning rate at the wrong time.",
    )


def _order_help(scheduler: str, optimizer_step: str) -> str:
    return (
        f"Call `{scheduler}.step()` after `{optimizer_step}()`: since PyTorch 1.1 the other order "
        f"skips the schedule's first value, so the learning rate is always one step ahead."
    )


def _order_message(scheduler: str, optimizer_step: str) -> tuple[str, str]:
    return (
        f"`{scheduler}.step()` runs before `{optimizer_step}()` in the same iteration",
        _order_help(scheduler, optimizer_step),
    )


def _order_in_helper_message(
    scheduler: str, optimizer_step: str, helper: Scope, site: Call, facts: ModuleFacts
) -> tuple[str, str]:
    caller = f"`{site.scope.name}`" if site.scope.kind == "function" else "the script"
    return (
        f"`{scheduler}.step()` runs before `{optimizer_step}()` in `{helper.name}`, which "
        f"{caller} calls once per training iteration ({facts.line_ref(site.node)})",
        _order_help(scheduler, optimizer_step),
    )


def _plateau_elsewhere_message(
    name: str, scheduler: SchedulerValue, facts: ModuleFacts, helper: str, step: Origin
) -> tuple[str, str]:
    return (
        f"`{name}`{_built_at(scheduler, facts)} is a ReduceLROnPlateau, whose `step()` needs "
        f"the monitored metric, but `{helper}(...)` steps it without one "
        f"({step.describe(facts)}), and it is handed over here",
        _PLATEAU_FIX,
    )


def _built_at(scheduler: SchedulerValue, facts: ModuleFacts) -> str:
    origin = scheduler.origin
    return f" ({origin.describe(facts)})" if origin.node or origin.path else ""


def _per_batch_message(
    name: str,
    scheduler: SchedulerValue,
    facts: ModuleFacts,
    helper: str | None = None,
    step: Origin | None = None,
) -> tuple[str, str]:
    built = _built_at(scheduler, facts)
    where = "it is stepped inside the batch loop"
    if helper is not None and step is not None:
        where = (
            f"`{helper}(...)` steps it inside its batch loop ({step.describe(facts)}), and it "
            f"is handed over here"
        )
    return (
        f"`{name}`{built} is a {scheduler.kind}, an epoch-based schedule, but {where}",
        "Step it once per epoch, after the batch loop (or use a per-batch schedule such as "
        "OneCycleLR): per batch, the learning rate decays too fast and training stalls early.",
    )
