"""Static findings meet what the smoke run observed: confirmed, refuted, or not reached.

Observations are keyed by the script line that caused them (the optimizer's construction, the
`step()` call, the loss call, the forward call), which is also where static findings point.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from torchlint.findings import Finding, Severity
from torchlint.rules import RULE_INFOS

_INFOS = {info.code: info for info in RULE_INFOS}


@dataclass(frozen=True)
class Checked:
    finding: Finding
    confirmed: (
        bool | None
    )  # None: the code path did not run, or the rule is not checked at run time
    evidence: str


def _optimizer_at(
    report: dict[str, Any], *, line: int | None = None, step_lines: set[int] = frozenset()
) -> dict | None:
    for optimizer in report.get("optimizers", []):
        if line is not None and optimizer["line"] == line:
            return optimizer
        if step_lines.intersection(int(n) for n in optimizer["step_lines"]):
            return optimizer
    return None


def _stale_optimizer(finding: Finding, report: dict[str, Any]) -> tuple[bool | None, str]:
    built = finding.related[0].line if finding.related else None
    optimizer = _optimizer_at(report, line=built)
    if optimizer is None or optimizer["steps"] == 0:
        return None, f"the optimizer built on line {built} never stepped in the smoke run"
    steps = [o for o in optimizer["overlap"] if o["forward"] > 0]
    if not steps:
        return None, "no forward pass with gradients ran before the optimizer's steps"
    name = f"`{optimizer['name']}` (line {built})"
    stale = [o for o in steps if o["held"] == 0]
    orphaned = [o for o in steps if o["orphaned"] > 0]
    changed = {True: "; its parameters changed", False: "; its parameters never changed"}.get(
        optimizer["parameters_changed"], ""
    )
    if stale:
        first = stale[0]
        return True, (
            f"{name} holds 0 of the {first['forward']} trainable tensors used in forward, on "
            f"{len(stale)} of {len(steps)} steps{changed}"
        )
    if orphaned:
        first = orphaned[0]
        names = ", ".join(first["orphaned_names"])
        return True, (
            f"{first['orphaned']} trainable tensors used in forward are in no optimizer "
            f"({names}), on {len(orphaned)} of {len(steps)} steps"
        )
    if finding.line not in report.get("module_construction_lines", []):
        return None, f"the re-creation on line {finding.line} did not run in the smoke run"
    last = steps[-1]
    return (
        False,
        f"{name} updated the parameters used in forward ({last['held']} of {last['forward']}) "
        f"on every step",
    )


def _missing_zero_grad(finding: Finding, report: dict[str, Any]) -> tuple[bool | None, str]:
    lines = {finding.line, *(r.line for r in finding.related)}
    optimizer = _optimizer_at(report, step_lines=lines)
    if optimizer is None:
        return None, f"the step on line {finding.line} did not run in the smoke run"
    name, steps = f"`{optimizer['name']}` (line {optimizer['line']})", optimizer["steps"]
    norms = " -> ".join(f"{n:.3g}" for n in optimizer["step_gradient_norms"][:4])
    if finding.related:  # the reset sits between backward and step
        zero = optimizer["zero_gradient_steps"]
        if zero:
            return True, f"{name} stepped with all-zero gradients on {zero} of {steps} steps"
        return False, f"{name} stepped with non-zero gradients on all {steps} steps"
    stale = optimizer["stale_steps"]
    if stale:
        first = stale[0]
        return True, (
            f"gradients of {name} were not reset between steps: before the backward of step "
            f"{first['step']} they already had norm {first['norm_before_backward']:.3g}; "
            f"gradient norms at each step: {norms}"
        )
    if steps < 2:
        return None, f"{name} stepped only {steps} time(s); accumulation needs two steps to show"
    return False, f"gradients of {name} were reset before every backward over {steps} steps"


def _softmax_before_loss(finding: Finding, report: dict[str, Any]) -> tuple[bool | None, str]:
    loss = report.get("losses", {}).get(str(finding.line))
    if loss is None:
        return None, f"the loss on line {finding.line} did not run in the smoke run"
    calls = loss["calls"]
    if loss["kind"] == "cross_entropy":
        if loss["probability_inputs"]:
            return True, (
                f"the loss input was already a probability distribution (values in [0, 1], rows "
                f"summing to 1) in {loss['probability_inputs']} of {calls} calls"
            )
        if loss["log_probability_inputs"]:
            return (
                True,
                f"the loss input was already log-probabilities in "
                f"{loss['log_probability_inputs']} of {calls} calls",
            )
        return False, f"the loss received unnormalized logits in all {calls} calls"
    if loss["unit_interval_inputs"] == calls:
        return (
            True,
            f"every input of the with-logits loss lay in [0, 1], like sigmoid output "
            f"({calls} calls)",
        )
    return (
        False,
        f"the with-logits loss received values outside [0, 1] (raw logits) in {calls} calls",
    )


def _eval_without_no_grad(finding: Finding, report: dict[str, Any]) -> tuple[bool | None, str]:
    forward = report.get("forwards", {}).get(str(finding.line))
    if forward is None:
        return None, f"the forward pass on line {finding.line} did not run in the smoke run"
    module = f"`{forward['module']}`"
    if forward["with_graph"]:
        mode = " in eval() mode" if forward["in_eval_mode"] else ""
        return True, (
            f"{forward['with_graph']} of {forward['calls']} forward passes of {module}{mode} "
            f"ran with gradients enabled and built an autograd graph"
        )
    return False, f"all {forward['calls']} forward passes of {module} ran without building a graph"


def _nll_without_log_softmax(finding: Finding, report: dict[str, Any]) -> tuple[bool | None, str]:
    loss = report.get("losses", {}).get(str(finding.line))
    if loss is None:
        return None, f"the loss on line {finding.line} did not run in the smoke run"
    calls, log_probabilities = loss["calls"], loss["log_probability_inputs"]
    if log_probabilities == calls:
        return False, f"the loss received log-probabilities in all {calls} calls"
    return True, (
        f"the loss input was not log-probabilities (values <= 0 whose exp sums to 1 per row) in "
        f"{calls - log_probabilities} of {calls} calls"
    )


def _loss_target_mismatch(finding: Finding, report: dict[str, Any]) -> tuple[bool | None, str]:
    exception = report.get("exception") or {}
    if exception.get("line") == finding.line:
        return True, f"the loss call raised {exception.get('type')}: {exception.get('message')}"
    loss = report.get("losses", {}).get(str(finding.line))
    if loss is None:
        return None, f"the loss on line {finding.line} did not run in the smoke run"
    if loss["shape_mismatch"]:
        prediction, target = loss["shape_mismatch"]
        return (
            True,
            f"the loss compared a prediction of shape {prediction} with a target of shape {target}",
        )
    return False, f"prediction and target had the same shape in all {loss['calls']} calls"


def _autograd_break(finding: Finding, report: dict[str, Any]) -> tuple[bool | None, str]:
    observed = report.get("without_gradient")
    if observed is None:
        return None, "no backward pass ran after a training forward in the smoke run"
    if observed["count"]:
        names = ", ".join(observed["names"])
        return True, (
            f"after the first backward, {observed['count']} of the {observed['of']} trainable "
            f"tensors used in forward had no gradient ({names})"
        )
    return False, f"all {observed['of']} trainable tensors used in forward received gradients"


def _missing_eval_mode(finding: Finding, report: dict[str, Any]) -> tuple[bool | None, str]:
    forwards = report.get("forwards", {})
    forward = forwards.get(str(finding.line))
    if forward is not None:  # an evaluation forward left in training mode
        if forward["training_mode_without_grad"]:
            return True, (
                f"{forward['training_mode_without_grad']} of {forward['calls']} forward passes of "
                f"`{forward['module']}` ran under no_grad with dropout/batch norm in training mode"
            )
        return (
            False,
            f"all {forward['calls']} forward passes of `{forward['module']}` ran in eval mode",
        )
    trained_in_eval = [f for f in forwards.values() if f["eval_mode_with_graph"]]
    if trained_in_eval:  # eval() never left: training forwards run in eval mode
        first = trained_in_eval[0]
        return True, (
            f"{first['eval_mode_with_graph']} forward passes of `{first['module']}` built a graph "
            f"in eval() mode: training ran with dropout off and batch norm frozen"
        )
    if report.get("steps", 0) == 0:
        return None, "no training step ran in the smoke run"
    return False, "no training forward pass ran in eval() mode"


_CONFIRMERS = {
    "TL001": _stale_optimizer,
    "TL002": _missing_zero_grad,
    "TL003": _softmax_before_loss,
    "TL004": _eval_without_no_grad,
    "TL008": _nll_without_log_softmax,
    "TL009": _loss_target_mismatch,
    "TL010": _autograd_break,
    "TL007": _missing_eval_mode,
}


def confirm(finding: Finding, report: dict[str, Any]) -> Checked:
    confirmer = _CONFIRMERS.get(finding.code)
    if confirmer is None:
        return Checked(finding, None, "not checked by dynamic mode")
    confirmed, evidence = confirmer(finding, report)
    return Checked(finding, confirmed, evidence)


# -- findings only a run can make -----------------------------------------------------------------


def _finding(
    script: str, code: str, line: int | None, message: str, severity: Severity | None = None
) -> Finding:
    info = _INFOS[code]
    line = line or 1
    return Finding(script, line, 1, line, 1, code, info.name, message, severity or info.severity)


def runtime_findings(script: str, report: dict[str, Any]) -> Iterator[Checked]:
    for check in (_crash, _non_finite_loss, _not_updated, _loss_targets, _unnormalized, _gradients):
        for finding, evidence in check(script, report):
            yield Checked(finding, True, evidence)


Observed = Iterator[tuple[Finding, str]]


def _crash(script: str, report: dict[str, Any]) -> Observed:
    status, exception = report.get("status"), report.get("exception") or {}
    if status not in ("crashed", "exited"):
        return
    what = (
        f"exited with status {report.get('exit_code')}"
        if status == "exited"
        else f"raised {exception.get('type')}: {exception.get('message')}"
    )
    message = (
        f"the script {what} during the smoke run, after {report.get('steps', 0)} optimizer steps"
    )
    yield _finding(script, "TL100", exception.get("line"), message), exception.get("location") or ""


def _non_finite_loss(script: str, report: dict[str, Any]) -> Observed:
    for loss in report.get("non_finite_losses", [])[:1]:
        message = (
            f"the loss became {loss['value']} at step {loss['step']}: training is diverging or a "
            f"value overflows (learning rate too high, log of 0, division by 0)"
        )
        yield (
            _finding(script, "TL101", loss["line"], message),
            f"backward() received a loss of {loss['value']}",
        )


def _not_updated(script: str, report: dict[str, Any]) -> Observed:
    for optimizer in report.get("optimizers", []):
        if optimizer["steps"] < 2 or optimizer["parameters_changed"] is not False:
            continue
        cause = (
            "every step saw zero gradients"
            if optimizer["zero_gradient_steps"] == optimizer["steps"]
            else "check the learning rate and which parameters require gradients"
        )
        message = (
            f"`{optimizer['name']}` stepped {optimizer['steps']} times but none of its "
            f"{optimizer['parameter_count']} parameter tensors changed: the model does not learn "
            f"({cause})"
        )
        evidence = f"parameters compared before the first step and after step {optimizer['steps']}"
        yield _finding(script, "TL102", optimizer["line"], message), evidence


def _loss_targets(script: str, report: dict[str, Any]) -> Observed:
    for line, loss in report.get("losses", {}).items():
        batches, single = loss["classified_batches"], loss["single_class_predictions"]
        if batches >= 3 and single == batches:
            message = (
                f"the predictions collapse to a single class in all {batches} batches while the "
                f"targets hold several classes: the model predicts a constant (dead network, bad "
                f"initialisation, or a loss/target mismatch)"
            )
            evidence = (
                f"argmax of the loss input was one class per batch in {single} of {batches} batches"
            )
            yield _finding(script, "TL103", int(line), message), evidence
        histogram = {int(k): v for k, v in loss["target_histogram"].items()}
        total = sum(histogram.values())
        if len(histogram) < 2 or total < 64:
            continue
        majority, count = max(histogram.items(), key=lambda item: item[1])
        if count / total >= 0.9:
            message = (
                f"the targets are heavily imbalanced: class {majority} is {count / total:.0%} of "
                f"{total} targets, so predicting it always looks accurate; weight the loss or "
                f"resample"
            )
            shown = ", ".join(f"{k}: {v}" for k, v in sorted(histogram.items())[:10])
            yield _finding(script, "TL105", int(line), message), f"class histogram: {{{shown}}}"


def _unnormalized(script: str, report: dict[str, Any]) -> Observed:
    stats = report.get("first_input")
    if not stats:
        return
    raw_pixels = stats["min"] >= 0 and stats["max"] > 2 and (stats["integral"] or stats["max"] > 20)
    if not (raw_pixels or abs(stats["mean"]) > 10 or stats["std"] > 50):
        return
    integral = ", integer values" if stats["integral"] else ""
    message = (
        f"the model's input looks unnormalized (min {stats['min']:.3g}, max {stats['max']:.3g}, "
        f"mean {stats['mean']:.3g}, std {stats['std']:.3g}{integral}): large raw values saturate "
        f"activations and slow or stall training; scale to [0, 1] and normalize"
    )
    yield (
        _finding(script, "TL104", stats["line"], message),
        f"first training batch of shape {stats['shape']}"
        + (
            f", as the first layer after the model's {stats['after']} sees it"
            if "after" in stats
            else ""
        ),
    )


def _gradients(script: str, report: dict[str, Any]) -> Observed:
    for profile in report.get("gradient_profiles", [])[:1]:
        problem = _gradient_problem(profile["layers"])
        if problem is not None:
            norms = ", ".join(f"{name}: {norm:.2e}" for name, norm in profile["layers"][:8])
            yield _finding(script, "TL106", profile["line"], problem), norms


def _gradient_problem(layers: list[list]) -> str | None:
    norms = [norm for _, norm in layers]
    if any(not math.isfinite(n) for n in norms):
        return (
            "gradients are not finite after the first backward: training will diverge (lower the "
            "learning rate, check for overflow)"
        )
    if max(norms) > 1e3:
        name, norm = max(layers, key=lambda item: item[1])
        return (
            f"gradients explode: `{name}` has gradient norm {norm:.2e} after the first backward; "
            f"clip gradients or lower the learning rate"
        )
    weighted = [(name, norm) for name, norm in layers if norm > 0]
    if len(layers) >= 3 and len(weighted) >= 2 and weighted[0][1] < 1e-6 * weighted[-1][1]:
        (first, first_norm), (last, last_norm) = weighted[0], weighted[-1]
        return (
            f"gradients vanish toward the input: `{first}` has gradient norm {first_norm:.2e}, "
            f"`{last}` {last_norm:.2e}; early layers barely learn (saturating activations, missing "
            f"normalization or residual connections)"
        )
    return None
