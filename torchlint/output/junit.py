"""JUnit XML: one test suite per file with findings, one failing test case per finding; a clean
run is one passing test case."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from xml.etree import ElementTree

from torchlint.findings import Finding
from torchlint.output.text import location


def render(findings: Sequence[Finding]) -> str:
    root = ElementTree.Element(
        "testsuites", name="torchlint", tests=str(len(findings)), failures=str(len(findings))
    )
    for path, group in itertools.groupby(findings, key=lambda f: f.path):
        group = list(group)
        suite = ElementTree.SubElement(
            root, "testsuite", name=path, tests=str(len(group)), failures=str(len(group))
        )
        for f in group:
            case = ElementTree.SubElement(
                suite, "testcase", name=f"{f.code} {f.name} at {location(f)}", classname=path
            )
            failure = ElementTree.SubElement(
                case, "failure", message=f.message, type=f.severity.value
            )
            failure.text = f"{location(f)}: {f.code} {f.message_and_help()}"
    if not findings:
        # A report without test cases reads as "nothing ran" in CI dashboards.
        root.set("tests", "1")
        suite = ElementTree.SubElement(root, "testsuite", name="torchlint", tests="1", failures="0")
        ElementTree.SubElement(suite, "testcase", name="No findings", classname="torchlint")
    ElementTree.indent(root)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + ElementTree.tostring(root, encoding="unicode")
        + "\n"
    )
