"""TL002: a training loop steps without resetting gradients, or resets them before the step."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

from torchlint.analysis.facts import Call, Loop, ModuleFacts, Scope
from torchlint.analysis.training import (
    Reset,
    creation_of,
    is_backward,
    reset_applies,
    resets_in,
    stepped_optimizer,
)
from torchlint.analysis.values import FunctionSummary, Origin, values_of
from torchlint.findings import Severity
from torchlint.rules.base import Report, Rule
from torchlint.rules.fixes import missing_zero_grad as fixes


class MissingZeroGrad(Rule):
    code = "TL002"
    name = "missing-zero-grad"
    severity = Severity.ERROR
    summary = "A training loop steps the optimizer without resetting gradients each iteration."

    def check(self, facts: ModuleFacts) -> Iterator[Report]:
        for scope in facts.scopes:
            if not scope.loops:
                continue
            backwards = [c for c in scope.calls if c.loops and is_backward(facts, c)]
            if backwards:
                yield from self._check_scope(facts, scope, backwards)
            yield from _across_calls(facts, scope, backwards)

    def _check_scope(
        self, facts: ModuleFacts, scope: Scope, backwards: list[Call]
    ) -> Iterator[Report]:
        reported: set[tuple[int, str]] = set()
        for step in scope.calls:
            if not step.loops:
                continue
            optimizer = stepped_optimizer(facts, step)
            if optimizer is None:
                continue
            loop = _innermost_training_loop(step, backwards)
            if loop is None or (id(loop), optimizer) in reported:
                continue
            reported.add((id(loop), optimizer))
            creation = creation_of(facts, optimizer, scope, step.order)
            if creation is not None and loop.contains(creation.binding.order):
                continue  # a fresh optimizer every iteration: a one-off check, not a training loop
            resets = [
                r
                for r in resets_in(facts, scope, loop.start, loop.end)
                if reset_applies(facts, r, optimizer, creation)
            ]
            if not resets:
                yield Report(
                    step.node,
                    f"`{optimizer}` is stepped in this loop, but its gradients are never reset",
                    help=_reset_help(optimizer),
                    fix=partial(fixes.fix, facts, loop, step.node, optimizer),
                )
                continue
            wiping = _reset_between_backward_and_step(resets, backwards, loop, step)
            if wiping is not None:
                reset, backward = wiping
                yield Report(
                    reset.node,
                    f"gradients are reset after `backward()` on {facts.line_ref(backward.node)} "
                    f"and before `{optimizer}` steps on {facts.line_ref(step.node)}",
                    related=(
                        (backward.node, "gradients computed here"),
                        (step.node, "and applied here"),
                    ),
                    help=_WIPING_HELP,
                )


@dataclass(frozen=True)
class _Step:
    """An optimizer step once per iteration of a loop: direct, or in a function called there."""

    call: Call  # the call in the loop
    optimizer: str  # in the loop's terms
    helper: FunctionSummary | None = None
    origin: Origin | None = None  # the step itself, when it is in a helper
    wiped_by: Origin | None = None  # the helper resets the gradients here before its step


def _across_calls(facts: ModuleFacts, scope: Scope, backwards: list[Call]) -> Iterator[Report]:
    """Training loops whose backward or step happens in functions they call (in any module)."""
    values = values_of(facts)
    steps: list[_Step] = []
    helper_backwards: list[Call] = []
    for call in scope.calls:
        if not call.loops:
            continue
        direct = stepped_optimizer(facts, call)
        if direct is not None:
            steps.append(_Step(call, direct))
            continue
        callee = values.callee_summary(call)
        if callee is None:
            continue
        summary, bound = callee
        if summary.backward:
            helper_backwards.append(call)
        mapped = values.map_targets(summary, bound, call, None)
        for target, reset, origin in summary.wiped_steps:
            steps.extend(_Step(call, key, summary, origin, reset) for key in mapped([target]))
        for target, origin in summary.step_origins:
            steps.extend(_Step(call, key, summary, origin) for key in mapped([target]))
    if not helper_backwards and not any(step.helper for step in steps):
        return  # all in this scope: `_check_scope` judged it
    all_backwards = backwards + helper_backwards
    reported: set[tuple[int, str]] = set()
    for step in steps:
        loop = _innermost_training_loop(step.call, all_backwards, inclusive=True)
        if loop is None or (id(loop), step.optimizer) in reported:
            continue
        if step.helper is None and not any(loop.contains(b.order) for b in helper_backwards):
            continue
        reported.add((id(loop), step.optimizer))
        creation = creation_of(facts, step.optimizer, scope, step.call.order)
        if creation is not None and loop.contains(creation.binding.order):
            continue
        if step.wiped_by is not None:
            yield from _wiped_in_helper(facts, step, loop, all_backwards)
            continue
        resets = [
            r
            for r in resets_in(facts, scope, loop.start, loop.end)
            if reset_applies(facts, r, step.optimizer, creation)
        ]
        if resets:
            continue
        related = []
        if step.origin is not None:
            related.append((step.origin, f"`{step.optimizer}` is stepped here"))
        yield Report(
            step.call.node,
            _across_calls_message(facts, step),
            related=tuple(related),
            help=_reset_help(step.optimizer),
            fix=partial(fixes.fix, facts, loop, step.call.node, step.optimizer),
        )


def _wiped_in_helper(
    facts: ModuleFacts, step: _Step, loop: Loop, backwards: list[Call]
) -> Iterator[Report]:
    """`loss.backward(); update(opt)` where `update` resets the gradients, then steps."""
    before = [b for b in backwards if loop.contains(b.order) and b.order < step.call.order]
    if not before or step.helper is None or step.origin is None or step.wiped_by is None:
        return
    backward = before[-1]
    related = [(backward.node, "gradients computed here")]
    for origin, note in ((step.wiped_by, "reset here"), (step.origin, "and applied here")):
        if origin.node is not None:
            related.append((origin.node, note))
    yield Report(
        step.call.node,
        f"`{step.helper.name}(...)` resets the gradients ({step.wiped_by.describe(facts)}) "
        f"that `backward()` on {facts.line_ref(backward.node)} computed, before it steps "
        f"`{step.optimizer}` ({step.origin.describe(facts)})",
        related=tuple(related),
        help=_WIPING_HELP,
    )


def _across_calls_message(facts: ModuleFacts, step: _Step) -> str:
    where = f"`{step.optimizer}`"
    if step.helper is not None and step.origin is not None:
        where += (
            f" is stepped ({step.origin.describe(facts)}) by `{step.helper.name}(...)`, which "
            f"this loop calls once per iteration,"
        )
    else:
        where += " is stepped in this loop, and `backward()` runs in a function it calls,"
    return f"{where} but no gradient reset is on this path"


def _innermost_training_loop(
    step: Call, backwards: list[Call], inclusive: bool = False
) -> Loop | None:
    """The innermost loop around `step` that also runs a backward (maybe `step` itself)."""
    for loop in reversed(step.loops):
        if any(loop.contains(b.order) or (inclusive and b is step) for b in backwards):
            return loop
    return None


def _reset_between_backward_and_step(
    resets: list[Reset], backwards: list[Call], loop: Loop, step: Call
) -> tuple[Reset, Call] | None:
    in_loop = [b for b in backwards if loop.contains(b.order)]
    for reset in resets:
        if reset.order > step.order:
            continue
        before = [b for b in in_loop if b.order < reset.order]
        between = [b for b in in_loop if reset.order < b.order < step.order]
        if before and not between:
            return reset, before[-1]
    return None


def _reset_help(optimizer: str) -> str:
    return (
        f"Call `{optimizer}.zero_grad()` once per iteration, before `backward()` or after "
        f"`step()`: without it every `backward()` adds to all earlier gradients."
    )


_WIPING_HELP = (
    "Reset gradients before `backward()` or after the step: this step applies zero gradients."
)
