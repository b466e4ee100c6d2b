"""`# noqa` comments and the file-level `# torchlint: skip-file`."""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Mapping, Sequence

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


def with_noqa(text: str, codes_by_line: Mapping[int, set[str]]) -> tuple[str, int, int]:
    """`text` with `# noqa: CODES` on the given lines, merged into a `# noqa` comment already
    there; how many lines were marked, and how many could not take a comment (inside a string,
    or continued by a backslash)."""
    comments: dict[int, tuple[int, str]] = {}
    line_ends: set[int] = set()
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.COMMENT:
            comments[token.start[0]] = (token.start[1], token.string)
        elif token.type in (tokenize.NEWLINE, tokenize.NL):
            line_ends.add(token.start[0])
    lines = io.StringIO(text).readlines()  # the lines tokenize numbers
    marked = skipped = 0
    for number, codes in codes_by_line.items():
        if number not in line_ends or number > len(lines):
            skipped += 1
            continue
        line = lines[number - 1]
        body = line.rstrip("\r\n")
        ending = line[len(body) :]
        if number in comments:
            column, comment = comments[number]
            match = _NOQA.match(comment)
            if match is not None and match.group("rules") is None:
                continue  # a bare noqa comment suppresses every code already
            if match is not None:
                known = set(_RULE_WORD.findall(match.group("rules")))
                merged = f"# noqa: {', '.join(sorted(known | codes))}"
                comment = merged + comment[match.end() :]
            else:
                comment = f"# noqa: {', '.join(sorted(codes))}  {comment}"
            body = body[:column] + comment
        else:
            body = f"{body}  # noqa: {', '.join(sorted(codes))}"
        lines[number - 1] = body + ending
        marked += 1
    return "".join(lines), marked, skipped
