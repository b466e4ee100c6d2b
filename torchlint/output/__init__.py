"""Formatters: findings in, text out. They know nothing about rules or files."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from torchlint.findings import Finding
from torchlint.output import github, json_format, junit, sarif, text

Formatter = Callable[[Sequence[Finding]], str]

FORMATTERS: dict[str, Formatter] = {
    "text": text.full,
    "concise": text.concise,
    "json": json_format.render,
    "github": github.render,
    "sarif": sarif.render,
    "junit": junit.render,
}
