"""SARIF 2.1.0 for code-scanning dashboards, with each rule's document as its help text."""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from torchlint import __version__
from torchlint.findings import Finding, Severity
from torchlint.rule_docs import document, plain_text, sections
from torchlint.rules import RULE_INFOS

_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)


def _uri(path: str) -> str:
    relative = os.path.relpath(path) if Path(path).is_absolute() else path
    return (
        Path(relative).as_posix()
        if not relative.startswith("..")
        else Path(path).resolve().as_uri()
    )


def _region(
    line: int, column: int, end_line: int | None = None, end_column: int | None = None
) -> dict:
    region = {"startLine": line, "startColumn": column}
    if end_line is not None and end_column is not None:
        region |= {"endLine": end_line, "endColumn": end_column}
    return region


def _rule(info) -> dict:
    markdown = document(info.code)
    if markdown is None:
        described = help_markdown = info.summary
    else:
        parts = sections(markdown)
        described = "\n\n".join(
            parts[title] for title in ("What it does", "Why is this bad?") if title in parts
        )
        help_markdown = markdown
    return {
        "id": info.code,
        "name": info.name,
        "shortDescription": {"text": info.summary},
        "fullDescription": {"text": plain_text(described), "markdown": described},
        "help": {"text": plain_text(help_markdown), "markdown": help_markdown},
        "defaultConfiguration": {"level": _LEVELS[info.severity]},
        "properties": {"tags": ["pytorch", "training"]},
    }


def _fingerprints(findings: Sequence[Finding]) -> list[str]:
    """Stable across edits that move a finding to another line: the rule, the file and the
    flagged line's text with its whitespace collapsed, numbered among identical ones."""
    seen: Counter[str] = Counter()
    prints = []
    for f in findings:
        text = " ".join(f.source_line.split())
        digest = hashlib.sha256(f"{f.code}\0{_uri(f.path)}\0{text}".encode()).hexdigest()[:32]
        seen[digest] += 1
        prints.append(f"{digest}:{seen[digest]}")
    return prints


def render(findings: Sequence[Finding]) -> str:
    index = {info.code: number for number, info in enumerate(RULE_INFOS)}
    results = []
    for f, fingerprint in zip(findings, _fingerprints(findings), strict=True):
        location = {"uri": _uri(f.path)}
        message = f.message_and_help()
        result = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": _LEVELS[f.severity],
            "message": {"text": f"cell {f.cell}: {message}" if f.cell is not None else message},
            "partialFingerprints": {"torchlint/v1": fingerprint},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": location,
                        "region": _region(f.line, f.column, f.end_line, f.end_column),
                    }
                }
            ],
        }
        if f.cell is not None:
            # SARIF regions address a file's text; a notebook's lines are counted per cell.
            result["properties"] = {"cell": f.cell}
        if f.fix is not None:
            result["fixes"] = [
                {
                    "description": {"text": f"{f.fix.message} ({f.fix.applicability.value} fix)"},
                    "artifactChanges": [
                        {
                            "artifactLocation": location,
                            "replacements": [
                                {
                                    "deletedRegion": _region(
                                        e.line, e.column, e.end_line, e.end_column
                                    ),
                                    "insertedContent": {"text": e.content},
                                }
                                for e in f.fix.edits
                            ],
                        }
                    ],
                }
            ]
        if f.related:
            result["relatedLocations"] = [
                {
                    "id": number,
                    "message": {"text": related.message},
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(related.path or f.path)},
                        "region": _region(related.line, related.column),
                    },
                }
                for number, related in enumerate(f.related)
            ]
        results.append(result)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "torchlint",
                        "version": __version__,
                        "rules": [_rule(info) for info in RULE_INFOS],
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2) + "\n"
