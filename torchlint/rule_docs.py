"""The rule documents under `rules/`: shipped in the wheel, read from the checkout otherwise."""

from __future__ import annotations

import re
from pathlib import Path


def documents_dir() -> Path:
    packaged = Path(__file__).parent / "rule_docs"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / "rules"


def document_path(code: str) -> Path | None:
    matches = sorted(documents_dir().glob(f"{code.upper()}-*.md"))
    return matches[0] if matches else None


def document(code: str) -> str | None:
    path = document_path(code)
    return path.read_text(encoding="utf-8") if path is not None else None


def sections(markdown: str) -> dict[str, str]:
    """`## Heading` -> the text under it, up to the next heading of that level."""
    parts = re.split(r"^## +(.+?)\s*$", markdown, flags=re.MULTILINE)
    return {title: body.strip() for title, body in zip(parts[1::2], parts[2::2], strict=True)}


def plain_text(markdown: str) -> str:
    """Markdown as readable text: no heading marks, emphasis or code fences."""
    text = re.sub(r"^#+ +", "", markdown, flags=re.MULTILINE)
    text = re.sub(r"^```.*\n", "", text, flags=re.MULTILINE)
    return text.replace("**", "")
