"""The rule documents under `rules/`: shipped in the wheel, read from the checkout otherwise."""

from __future__ import annotations

from pathlib import Path


def documents_dir() -> Path:
    packaged = Path(__file__).parent / "rule_docs"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / "rules"


def document_path(code: str) -> Path | None:
    matches = sorted(documents_dir().glob(f"{code.upper()}-*.md"))
    return matches[0] if matches else None
