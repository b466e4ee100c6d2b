"""TL011: a learning-rate scheduler stepped at the wrong time or without its metric."""

from __future__ import annotations

from collections.abc import Iterator

from torchlint.analysis.facts import Call, ModuleFacts
from torchlint.analysis.torch_api import EPOCH_SCHEDULERS
from torchlint.analysis.training import (
    batch_loop,
    scheduler_of,
    stepped_optimizer,
    training_loop,
)
from torchlint.analysis.values import FunctionSummary, Origin, SchedulerValue, values_of
from torchlint.findings import Severity
from torchlint.rules.base import Report, Rule


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
        yield Report(call.node, _plateau_message(name))
        return
    loop = training_loop(facts, call)
    if loop is None:
        return
    steps = [c for c in call.scope.calls if loop.contains(c.order) and stepped_optimizer(facts, c)]
    later = [s for s in steps if s.order > call.order]
    if later and not any(s.order < call.order for s in steps):
        yield Report(
            call.node, _order_message(name, facts.code(later[0].node.func)), Severity.WARNING
        )
    elif _epoch_based(scheduler) and batch_loop(facts, call) is not None:
        yield Report(
            call.node, _per_batch_message(name, scheduler, facts), related=_built(scheduler)
        )


def _steps_in_other_modules(facts: ModuleFacts, call: Call) -> Iterator[Report]:
    """`train_one_epoch(..., scheduler)` of another module steps its scheduler per batch."""
    values = values_of(facts)
    callee = values.callee_summary(call)
    if callee is None or callee[0].origin.node is not None:
        return  # none, or of this file, where the step itself is judged
    summary, bound = callee
    arguments = values.arguments(summary, bound, call.node)
    for index, origin in summary.batch_scheduler_steps:
        argument = arguments.get(index)
        if argument is None:
            continue
        scheduler = values.value_of(argument, call.scope, call.order)
        if isinstance(scheduler, SchedulerValue) and _epoch_based(scheduler):
            name = facts.code(argument)
            yield Report(
                call.node,
                _per_batch_message(name, scheduler, facts, summary, origin),
                related=_built(scheduler),
            )


def _epoch_based(scheduler: SchedulerValue) -> bool:
    return scheduler.kind in EPOCH_SCHEDULERS and not scheduler.per_iteration


def _built(scheduler: SchedulerValue) -> tuple:
    return ((scheduler.origin, f"built here as a {scheduler.kind}, sized in epochs"),)


def _plateau_message(scheduler: str) -> str:
    return (
        f"`{scheduler}` is a ReduceLROnPlateau, whose `step()` needs the monitored metric "
        f"(`{scheduler}.step(val_loss)`); without it the call fails, and a training metric in its "
        f"place would lower the learning rate at the wrong time."
    )


def _order_message(scheduler: str, optimizer_step: str) -> str:
    return (
        f"`{scheduler}.step()` runs before `{optimizer_step}()` in the same iteration: since "
        f"PyTorch 1.1 this skips the first value of the schedule, so the learning rate is always "
        f"one step ahead (PyTorch warns about it). Call `{scheduler}.step()` after "
        f"`{optimizer_step}()`."
    )


def _per_batch_message(
    name: str,
    scheduler: SchedulerValue,
    facts: ModuleFacts,
    helper: FunctionSummary | None = None,
    step: Origin | None = None,
) -> str:
    built = f" ({scheduler.origin.describe(facts)})" if scheduler.origin.node else ""
    where = "it is stepped inside the batch loop"
    if helper is not None and step is not None:
        where = (
            f"`{helper.name}(...)` steps it inside its batch loop ({step.describe(facts)}), "
            f"called here"
        )
    return (
        f"`{name}`{built} is a {scheduler.kind}, an epoch-based schedule, but {where}: it "
        f"advances once per batch, so the learning rate decays as many times faster as there "
        f"are batches per epoch, and training stalls early. Step it once per epoch, after the "
        f"batch loop (or use a per-batch schedule such as OneCycleLR)."
    )
