"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request."""

from __future__ import annotations

from collections.abc import Sequence

from torchlint.findings import Finding, Severity

_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(findings: Sequence[Finding]) -> str:
    lines = []
    for f in findings:
        properties = {
            "file": f.path,
            "line": f.line,
            "endLine": f.end_line,
            "col": f.column,
            "endColumn": f.end_column,
            "title": f"{f.code} {f.name}",
        }
        joined = ",".join(
            f"{key}={escape_property(str(value))}" for key, value in properties.items()
        )
        # Annotations have no notion of notebook cells: the message says which one.
        message = f.message_and_help()
        message = f"cell {f.cell}: {message}" if f.cell is not None else message
        lines.append(f"::{_LEVELS[f.severity]} {joined}::{escape_data(message)}\n")
    return "".join(lines)
