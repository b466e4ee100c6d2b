"""How a smoke run is shown: each finding with its verdict and evidence, then what the run did."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import click

from torchlint.dynamic.evidence import Checked
from torchlint.output.json_format import as_dict
from torchlint.output.text import headline

_VERDICTS = {True: "confirmed", False: "not confirmed", None: "not checked"}


def run_summary(report: dict[str, Any], killed: bool) -> str:
    status = report.get("status")
    steps = report.get("steps", 0)
    elapsed = report.get("elapsed")
    took = f" in {elapsed:.1f} s" if isinstance(elapsed, (int, float)) else ""
    states = {
        "completed": "the script finished",
        "step-budget": "the step budget ended the run",
        "timeout": "the time budget ended the run",
        "crashed": "the script crashed",
        "exited": f"the script exited with status {report.get('exit_code')}",
        "killed": "the script did not stop after the time budget and was killed",
        "no-report": f"the run ended without a report (exit status {report.get('exit_code')})",
    }
    device = report.get("device", "?")
    parts = [f"{states.get(status, status)}{took} after {steps} optimizer steps on {device}"]
    substitutions = report.get("substitutions", {})
    if substitutions.get("cuda_to_cpu"):
        mapped = ", ".join(
            f"{what} x{count}" for what, count in substitutions["cuda_to_cpu"].items()
        )
        parts.append(f"CUDA requests run on the CPU ({mapped})")
    if substitutions.get("datasets"):
        parts.append("synthetic data for " + "; ".join(substitutions["datasets"]))
    if substitutions.get("saves"):
        saved = ", ".join(s["requested"] for s in substitutions["saves"])
        parts.append(f"checkpoints written to {saved} went to a temporary directory")
    return "Smoke run: " + "; ".join(parts) + (" (killed)" if killed else "") + "."


def nothing_checked(report: dict[str, Any], script: str) -> str:
    """Said plainly when the script stopped before it ran a model or stepped an optimizer."""
    reason = {
        "crashed": "it crashed",
        "exited": f"it exited with status {report.get('exit_code')}",
        "timeout": "the time budget ran out first (--timeout)",
        "killed": "the time budget ran out first (--timeout)",
        "completed": "it finished without either",
    }.get(report.get("status"), "the run ended")
    return (
        f"torchlint: nothing was checked at run time: {script} stopped before it ran a model "
        f"or stepped an optimizer ({reason}). If it needs arguments, pass them after `--`: "
        f"torchlint run {script} -- ARGS"
    )


def render_text(
    checked: Sequence[Checked], report: dict[str, Any], killed: bool, output_tail: list[str]
) -> str:
    lines = []
    for item in checked:
        lines.append(headline(item.finding))
        verdict = _VERDICTS[item.confirmed]
        colour = {True: "red", False: "green", None: None}[item.confirmed]
        lines.append(f"    {click.style(verdict, fg=colour, bold=True)}: {item.evidence}")
        if item.finding.help:
            lines.append(f"    help: {item.finding.help}")
    lines.append(run_summary(report, killed))
    if report.get("status") in ("crashed", "exited", "no-report", "killed") and output_tail:
        lines.append("Last lines the script printed:")
        lines += [f"    {line}" for line in output_tail]
    return "\n".join(lines) + "\n"


def render_json(
    checked: Sequence[Checked], report: dict[str, Any], killed: bool, output_tail: list[str]
) -> str:
    findings = [
        as_dict(item.finding) | {"confirmed": item.confirmed, "evidence": item.evidence}
        for item in checked
    ]
    run = {
        "status": report.get("status"),
        "summary": run_summary(report, killed),
        "device": report.get("device"),
        "steps": report.get("steps", 0),
        "elapsed": report.get("elapsed"),
        "exception": report.get("exception"),
        "substitutions": report.get("substitutions", {}),
        "output_tail": output_tail,
    }
    return json.dumps({"findings": findings, "run": run}, indent=2) + "\n"
