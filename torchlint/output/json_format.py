"""One JSON array of findings, for tools."""

from __future__ import annotations

import json
from collections.abc import Sequence

from torchlint.findings import Finding, Fix


def as_dict(finding: Finding) -> dict[str, object]:
    return {
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "code": finding.code,
        "name": finding.name,
        "message": finding.message,
        "help": finding.help or None,
        "severity": finding.severity.value,
        "cell": finding.cell,
        "related": [
            {
                "path": r.path or finding.path,
                "line": r.line,
                "column": r.column,
                "message": r.message,
            }
            for r in finding.related
        ],
        "fix": _fix(finding.fix) if finding.fix is not None else None,
    }


def _fix(fix: Fix) -> dict[str, object]:
    return {
        "applicability": fix.applicability.value,
        "message": fix.message,
        "edits": [
            {
                "location": {"line": e.line, "column": e.column},
                "end_location": {"line": e.end_line, "column": e.end_column},
                "content": e.content,
            }
            for e in fix.edits
        ],
    }


def render(findings: Sequence[Finding]) -> str:
    return json.dumps([as_dict(f) for f in findings], indent=2) + "\n"
