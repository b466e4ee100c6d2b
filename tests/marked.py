"""Marked sources: a line ending in `# <- TL001` must be flagged with that code, and nothing else
may be flagged. Rule documents, bundled examples and test snippets all use this convention."""

from __future__ import annotations

import re
import textwrap

from torchlint.engine import lint_source
from torchlint.findings import Finding
from torchlint.rules import ALL_RULES
from torchlint.sources import SourceText

MARKER = re.compile(r"#\s*<-\s*(?P<codes>TL\d{3}(?:\s*,\s*TL\d{3})*)")


def expected(source: str) -> list[tuple[int, str]]:
    marks = []
    for number, line in enumerate(source.splitlines(), start=1):
        match = MARKER.search(line)
        if match:
            marks += [(number, code.strip()) for code in match.group("codes").split(",")]
    return sorted(marks)


def lint(source: str, path: str = "example.py") -> list[Finding]:
    return lint_source(path, SourceText(source), [rule() for rule in ALL_RULES])


def assert_marked(source: str, path: str = "example.py") -> list[Finding]:
    """Lint `source` and assert its findings are exactly the marked lines; return them."""
    source = textwrap.dedent(source)
    findings = lint(source, path)
    actual = sorted((f.line, f.code) for f in findings)
    assert actual == expected(source), "\n" + "\n".join(
        f"{f.line}:{f.column} {f.code} {f.message}" for f in findings
    )
    return findings


def snippet_tests(flagged: dict[str, str], clean: dict[str, str]):
    """The two parametrized tests every rule has: flagged snippets, and near-misses left alone."""
    import pytest

    @pytest.mark.parametrize("source", flagged.values(), ids=flagged.keys())
    def test_flags(source):
        assert assert_marked(source), "a flagged example must produce findings"

    @pytest.mark.parametrize("source", clean.values(), ids=clean.keys())
    def test_stays_silent(source):
        assert assert_marked(source) == []

    return test_flags, test_stays_silent
