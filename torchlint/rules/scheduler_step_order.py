"""TL011: a learning-rate scheduler stepped at the wrong time or without its metric."""

from __future__ import annotations

from collections.abc import Iterator

from torchlint.analysis.facts import Call, ModuleFacts, Scope
from torchlint.analysis.training import (
    is_backward,
    scheduler_class,
    sized_in_iterations,
    stepped_optimizer,
)
from torchlint.findings import Severity
from torchlint.rules.base import Report, Rule

_EPOCH_BASED = frozenset({"StepLR", "MultiStepLR", "ExponentialLR", "CosineAnnealingLR"})


class SchedulerStepOrder(Rule):
    code = "TL011"
    name = "scheduler-step-order"
    severity = Severity.ERROR
    summary = "An LR scheduler is stepped per batch though epoch-based, or before optimizer.step()."

    def check(self, facts: ModuleFacts) -> Iterator[Report]:
        for scope in facts.scopes:
            for call in scope.calls:
                if call.method != "step" or call.receiver_key is None:
                    continue
                kind = scheduler_class(facts, call)
                if kind is None:
                    continue
                yield from _check_step(facts, scope, call, kind)


def _check_step(facts: ModuleFacts, scope: Scope, call: Call, kind: str) -> Iterator[Report]:
    scheduler = call.receiver_key
    if kind == "ReduceLROnPlateau" and not call.node.args:
        yield Report(call.node, _plateau_message(scheduler))
        return
    if not call.loops:
        return
    loop = call.loops[-1]
    in_loop = [c for c in scope.calls if loop.contains(c.order)]
    steps = [c for c in in_loop if stepped_optimizer(facts, c) is not None]
    if not steps or not any(is_backward(facts, c) for c in in_loop):
        return
    later = [s for s in steps if s.order > call.order]
    if not any(s.order < call.order for s in steps) and later:
        yield Report(
            call.node, _order_message(scheduler, facts.code(later[0].node.func)), Severity.WARNING
        )
    elif (
        kind in _EPOCH_BASED
        and len(call.loops) >= 2
        and not sized_in_iterations(facts, scheduler, call)
    ):
        yield Report(call.node, _per_batch_message(scheduler, kind))


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


def _per_batch_message(scheduler: str, kind: str) -> str:
    return (
        f"`{scheduler}` is a {kind}, an epoch-based schedule, but it is stepped inside the batch "
        f"loop: it advances once per batch, so the learning rate decays as many times faster as "
        f"there are batches per epoch, and training stalls early. Step it once per epoch, after "
        f"the batch loop (or use a per-batch schedule such as OneCycleLR)."
    )
