"""The rule documents under rules/ are executed: docs cannot drift from behaviour."""

import re
from pathlib import Path

import pytest

from tests.marked import assert_marked, expected
from torchlint.rule_docs import document_path, documents_dir
from torchlint.rules import RULE_INFOS

FENCE = re.compile(r"^```python (?P<kind>bad|good)\n(?P<code>.*?)^```$", re.MULTILINE | re.DOTALL)
DOCUMENTS = sorted(documents_dir().glob("TL*.md"))


def examples():
    for document in DOCUMENTS:
        for number, match in enumerate(FENCE.finditer(document.read_text()), start=1):
            yield pytest.param(
                match["kind"], match["code"], id=f"{document.stem}-{number}-{match['kind']}"
            )


@pytest.mark.parametrize(("kind", "code"), examples())
def test_document_example(kind, code):
    findings = assert_marked(code)
    if kind == "bad":
        assert expected(code), "a bad example must mark the line it expects to be flagged"
        assert findings
    else:
        assert findings == []


@pytest.mark.parametrize("info", RULE_INFOS, ids=lambda info: info.code)
def test_every_rule_has_a_document_with_bad_and_good_examples(info):
    path = document_path(info.code)
    assert path is not None and path.name == f"{info.code}-{info.name}.md"
    text = path.read_text()
    assert text.startswith(f"# {info.code} {info.name}\n")
    if info.dynamic == "runtime":  # executed as smoke runs by tests/dynamic
        assert "```python dynamic-bad\n" in text and "```python dynamic-good\n" in text
    else:
        kinds = [m["kind"] for m in FENCE.finditer(text)]
        assert "bad" in kinds and "good" in kinds
    for section in ("## What it does", "## Why is this bad?", "## Near-misses it ignores"):
        assert section in text


def test_bad_examples_are_flagged_with_their_own_rule():
    for document in DOCUMENTS:
        code = document.stem.split("-")[0]
        for match in FENCE.finditer(document.read_text()):
            if match["kind"] == "bad":
                assert {c for _, c in expected(match["code"])} == {code}, document.name


def test_documents_and_rules_match_one_to_one():
    assert {p.stem.split("-")[0] for p in DOCUMENTS} == {info.code for info in RULE_INFOS}
    assert Path(documents_dir()).name in ("rules", "rule_docs")
