"""The runtime rules' documents are executed: each dynamic example is a real smoke run."""

import re

import pytest

from tests.marked import expected
from torchlint.rule_docs import documents_dir

FENCE = re.compile(
    r"^```python (?P<kind>dynamic-bad|dynamic-good)\n(?P<code>.*?)^```$", re.MULTILINE | re.DOTALL
)


def examples():
    for document in sorted(documents_dir().glob("TL1*.md")):
        for match in FENCE.finditer(document.read_text()):
            yield pytest.param(match["kind"], match["code"], id=f"{document.stem}-{match['kind']}")


@pytest.mark.parametrize(("kind", "code"), examples())
def test_runtime_document_example(smoke, kind, code):
    report = smoke(code)
    found = sorted((f["line"], f["code"]) for f in report["findings"])
    assert found == expected(code), report["findings"]
    if kind == "dynamic-bad":
        assert found and all(f["confirmed"] is True and f["evidence"] for f in report["findings"])
        assert report["exit_code"] == 1
    else:
        assert report["exit_code"] == 0
