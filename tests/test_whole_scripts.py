"""Whole training scripts: bundled examples and realistic fixtures, each with every expected finding."""

import json
from pathlib import Path

import pytest

from tests.marked import assert_marked, expected
from torchlint.engine import LintJob, lint_source, run_job
from torchlint.rules import ALL_RULES, RULE_INFOS
from torchlint.sources import SourceText

ROOT = Path(__file__).parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.py"))
CLEAN = sorted((ROOT / "tests/fixtures/clean").glob("*.py"))
BUGGY = sorted((ROOT / "tests/fixtures/buggy").glob("*.py"))
ALL_CODES = frozenset(info.code for info in RULE_INFOS)
STATIC_CODES = frozenset(info.code for info in RULE_INFOS if info.dynamic != "runtime") - {"TL900"}


@pytest.mark.parametrize("path", EXAMPLES + BUGGY, ids=lambda p: p.name)
def test_script_is_flagged_exactly_where_marked(path):
    source = path.read_text()
    if path in BUGGY:
        assert expected(source), f"{path.name} marks no expected finding"
    assert_marked(source, str(path))


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_clean_script_stays_clean(path):
    assert assert_marked(path.read_text(), str(path)) == []


def test_examples_cover_every_rule_and_a_clean_script():
    codes = {code for path in EXAMPLES for _, code in expected(path.read_text())}
    assert codes == STATIC_CODES
    assert any(not expected(path.read_text()) for path in EXAMPLES)


def test_notebook_findings_point_at_cells_and_their_lines():
    path = ROOT / "tests/fixtures/buggy/fashion_notebook.ipynb"
    findings = run_job(LintJob(str(path), ALL_CODES)).findings
    cells = json.loads(path.read_text())["cells"]
    marked = set()
    for number, cell in enumerate(cells, start=1):
        for line, code in expected("".join(cell["source"])):
            marked.add((number, line, code))
    assert (
        {(f.cell, f.line, f.code) for f in findings} == marked == {(4, 5, "TL003"), (5, 4, "TL004")}
    )
    softmax = next(f for f in findings if f.code == "TL003")
    assert "(cell 4, line 4)" in softmax.message
    assert softmax.source_line.strip().startswith("loss = F.cross_entropy(probs, y)")


@pytest.mark.parametrize("path", EXAMPLES + BUGGY, ids=lambda p: p.name)
def test_each_rule_alone_finds_what_it_finds_among_all(path):
    """The value analysis memoizes across rules; what a rule sees must not depend on which rules
    asked before it (a result cut short by a cycle or the depth bound is never kept)."""
    source = SourceText(path.read_text())
    together = lint_source(str(path), source, [rule() for rule in ALL_RULES])
    for rule in ALL_RULES:
        alone = lint_source(str(path), source, [rule()])
        assert [(f.line, f.code) for f in alone] == [
            (f.line, f.code) for f in together if f.code == rule.code
        ], rule.code
