"""Held-out training projects under tests/heldout/: written by engineers who never saw the
implementation, from a description of a bug shape only (see tests/heldout/README.md).

Every case is checked as a project, and its findings must be exactly its `# <- TLxxx` marks: a
clean near-miss has none, so any finding there fails. A bug case also carries its writer's
`# EXPECT: TLxxx` label; the labelled bug must be found somewhere in the case, except for the
known misses below, which are expected to fail (strictly: a miss that starts passing must be
moved out of the list and marked)."""

import re
from functools import cache
from pathlib import Path

import pytest

from tests.marked import expected
from torchlint.engine import LintJob, run_jobs
from torchlint.rules import ALL_RULES

HELDOUT = Path(__file__).parent / "heldout"
ALL_CODES = frozenset(rule.code for rule in ALL_RULES)
CASES = sorted(case for case in HELDOUT.glob("*/*") if case.is_dir())
LABEL = re.compile(r"#\s*EXPECT:\s*(TL\d{3})")
# Labelled bugs not found yet; see the closing note of issue #8 for why each is missed.
KNOWN_MISSES = {
    "g5/bug_image_stats_before_split",
    "g5/bug_patient_id_stats",
    "g6/bug_ce_onehot_dataset",
    "g6/bug_cifar_data_tensordataset",
    "g6/bug_mse_housing",
    "g6/bug_read_image_dataset",
    "g11/bug_har_gru_torch_softmax_fit",
    "g9/bug_bce_long_targets",
    "g9/bug_cv2_astype_seg",
    "g9/bug_mse_broadcast",
}


@cache
def lint_case(case: Path):
    paths = sorted(str(p) for p in case.rglob("*.py"))
    results = run_jobs([LintJob(path, ALL_CODES) for path in paths], workers=1)
    assert not [r.error for r in results if r.error]
    return paths, [f for r in results for f in r.findings]


def case_id(case: Path) -> str:
    return f"{case.parent.name}/{case.name}"


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_findings_are_the_marked_lines(case):
    paths, findings = lint_case(case)
    marks = sorted(
        (path, line, code) for path in paths for line, code in expected(Path(path).read_text())
    )
    actual = sorted((f.path, f.line, f.code) for f in findings)
    assert actual == marks, "\n".join(f"{f.path}:{f.line} {f.code} {f.message}" for f in findings)


def labelled_codes(case: Path) -> set[str]:
    return {m.group(1) for p in case.rglob("*.py") for m in LABEL.finditer(p.read_text())}


BUG_CASES = [
    pytest.param(
        case,
        marks=[pytest.mark.xfail(strict=True, reason="known miss")]
        if case_id(case) in KNOWN_MISSES
        else [],
        id=case_id(case),
    )
    for case in CASES
    if case.name.startswith("bug_")
]


@pytest.mark.parametrize("case", BUG_CASES)
def test_the_labelled_bug_is_found(case):
    codes = labelled_codes(case)
    assert codes, "a bug case carries an `# EXPECT: TLxxx` label"
    _, findings = lint_case(case)
    assert codes <= {f.code for f in findings}


def test_every_case_is_a_bug_or_a_clean_near_miss():
    assert CASES
    for case in CASES:
        assert case.name.startswith(("bug_", "clean_")), case
        assert bool(labelled_codes(case)) == case.name.startswith("bug_"), case
