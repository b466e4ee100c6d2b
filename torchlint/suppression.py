"""`# noqa` comments and the file-level `# torchlint: skip-file`."""

from __future__ import annotations

import re
from collections.abc import Sequence

# A noqa list names rules by code (`TL001`) or by name (`stale-optimizer`), as --select does.
_RULE = r"(?:[A-Z]+[0-9]+|[a-z][a-z0-9]*(?:-[a-z0-9]+)+)"
_NOQA = re.compile(
    rf"#\s*noqa(?::\s*(?P<rules>{_RULE}(?:\s*,?\s*{_RULE})*))?(?![\w:-])", re.IGNORECASE
)
_SKIP_FILE = re.compile(r"^\s*#\s*torchlint\s*:\s*skip-file\b", re.MULTILINE | re.IGNORECASE)
_RULE_WORD = re.compile(_RULE, re.IGNORECASE)


def skips_file(text: str) -> bool:
    return _SKIP_FILE.search(text) is not None


class NoqaIndex:
    """Which rules each line suppresses; built only for files that have findings."""

    def __init__(self, lines: Sequence[str]) -> None:
        self._lines = lines

    def suppresses(self, line: int, code: str, name: str = "") -> bool:
        if not 1 <= line <= len(self._lines):
            return False
        source_line = self._lines[line - 1]
        if "noqa" not in source_line.lower():
            return False
        wanted = {code.lower(), name.lower()} - {""}
        for match in _NOQA.finditer(source_line):
            rules = match.group("rules")
            if rules is None:
                return True
            if wanted & {rule.lower() for rule in _RULE_WORD.findall(rules)}:
                return True
        return False
