"""Formatters: findings in, text out. They know nothing about rules or files."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from torchlint.findings import Finding
from torchlint.output import json_format, text

Formatter = Callable[[Sequence[Finding]], str]

FORMATTERS: dict[str, Formatter] = {
    "text": text.full,
    "concise": text.concise,
    "json": json_format.render,
}
