"""`# noqa` comments and the file-level `# torchlint: skip-file`."""

from __future__ import annotations

import re
from collections.abc import Sequence

_NOQA = re.compile(
    r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:\s*,?\s*[A-Z]+[0-9]+)*))?(?![\w:])", re.IGNORECASE
)
_SKIP_FILE = re.compile(r"^\s*#\s*torchlint\s*:\s*skip-file\b", re.MULTILINE | re.IGNORECASE)
_CODE = re.compile(r"[A-Z]+[0-9]+", re.IGNORECASE)


def skips_file(text: str) -> bool:
    return _SKIP_FILE.search(text) is not None


class NoqaIndex:
    """Which codes each line suppresses; built only for files that have findings."""

    def __init__(self, lines: Sequence[str]) -> None:
        self._lines = lines

    def suppresses(self, line: int, code: str) -> bool:
        if not 1 <= line <= len(self._lines):
            return False
        source_line = self._lines[line - 1]
        if "noqa" not in source_line.lower():
            return False
        for match in _NOQA.finditer(source_line):
            codes = match.group("codes")
            if codes is None:
                return True
            if code.upper() in (c.upper() for c in _CODE.findall(codes)):
                return True
        return False
