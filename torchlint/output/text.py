"""`path:line:col: CODE message`, optionally with the source line and a caret under it, the
related places and the fix (`help:`)."""

from __future__ import annotations

from collections.abc import Sequence

import click

from torchlint.findings import Finding, Severity

_SEVERITY_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def location(finding: Finding) -> str:
    cell = f"cell {finding.cell}:" if finding.cell is not None else ""
    return f"{finding.path}:{cell}{finding.line}:{finding.column}"


def headline(finding: Finding) -> str:
    code = click.style(finding.code, fg=_SEVERITY_COLOURS[finding.severity], bold=True)
    return f"{click.style(location(finding), bold=True)}: {code} {finding.message}"


def concise(findings: Sequence[Finding]) -> str:
    return "".join(headline(f) + "\n" for f in findings)


def full(findings: Sequence[Finding]) -> str:
    blocks = []
    for finding in findings:
        block = [headline(finding)]
        gutter = " " * len(str(finding.line))
        if finding.source_line:
            width = (
                finding.end_column - finding.column
                if finding.end_line == finding.line and finding.end_column > finding.column
                else len(finding.source_line.rstrip()) - finding.column + 1
            )
            caret = " " * (finding.column - 1) + "^" * max(1, width)
            block += [
                f"{gutter} |",
                f"{finding.line} | {finding.source_line.rstrip()}",
                f"{gutter} | {click.style(caret, fg=_SEVERITY_COLOURS[finding.severity])}",
            ]
        for related in finding.related:
            where = f"{related.path}:{related.line}" if related.path else f"line {related.line}"
            block.append(f"{gutter} = note: {where}: {related.message}")
        if finding.help:
            block.append(f"{gutter} = {click.style('help', bold=True)}: {finding.help}")
        blocks.append("\n".join(block) + "\n")
    return "\n".join(blocks)
