"""`--fix`, `--diff` and `--add-noqa`: findings' fixes applied to a file's text, checked, written.

All applicable fixes of a file are applied in one pass, in source order; a fix whose edits
overlap an edit already taken waits. The file is then checked again, and the fixes it still
has are applied, up to `MAX_PASSES` times (as Ruff does), so overlapping fixes land one after
the other. Nothing is written that libcst or Python cannot parse, and a file is replaced in one
step (a temporary file beside it, then `os.replace`), in its own encoding, BOM and line breaks.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import libcst as cst

from torchlint.engine import LintJob, run_in_project
from torchlint.findings import Applicability, Edit, Finding, Fix
from torchlint.sources import python_encoding, write_atomically
from torchlint.suppression import with_noqa

MAX_PASSES = 10


def applies(fix: Fix | None, unsafe: bool) -> bool:
    return fix is not None and (unsafe or fix.applicability is Applicability.SAFE)


def _overlap(a: Edit, b: Edit) -> bool:
    if a.start == b.start:
        return True  # two insertions at one place: their order would be a guess
    return max(a.start, b.start) < min(a.end, b.end) or any(
        inner.start == inner.end and outer.start < inner.start < outer.end
        for inner, outer in ((a, b), (b, a))
    )


def apply_fixes(text: str, fixes: Sequence[Fix]) -> tuple[str, list[int]]:
    """`text` with the fixes applied that overlap no fix taken before them (in the order of
    their first edit), and the indexes of those applied. A fix equal to one taken is counted
    as applied too: two findings of one bug share it."""
    taken: list[Edit] = []
    applied: list[int] = []
    seen: set[tuple[Edit, ...]] = set()
    order = sorted(range(len(fixes)), key=lambda i: min(e.start for e in fixes[i].edits))
    for index in order:
        edits = fixes[index].edits
        if edits in seen:
            applied.append(index)
        elif not any(_overlap(edit, other) for edit in edits for other in taken):
            taken.extend(edits)
            applied.append(index)
            seen.add(edits)
    for edit in sorted(taken, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.content + text[edit.end :]
    return text, sorted(applied)


class UnparsableFix(Exception):
    """The fixed text does not parse: a bug in a fix, never written."""


def check_parses(text: str) -> None:
    try:
        cst.parse_module(text)
        compile(text, "<fixed>", "exec", dont_inherit=True)
    except (cst.ParserSyntaxError, SyntaxError, ValueError) as error:
        raise UnparsableFix(str(error).splitlines()[0]) from None


@dataclass
class FixedFile:
    path: str
    original: str
    fixed: str
    encoding: str
    applied: list[Finding] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # what is left after the fixes
    error: str | None = None

    @property
    def changed(self) -> bool:
        return self.fixed != self.original

    def diff(self) -> str:
        return "".join(
            difflib.unified_diff(
                self.original.splitlines(keepends=True),
                self.fixed.splitlines(keepends=True),
                fromfile=self.path,
                tofile=self.path,
            )
        )


def fix_file(path: str, codes: frozenset[str], findings: list[Finding], unsafe: bool) -> FixedFile:
    """Apply the fixes of `findings` (those of `path` as it is on disk), checking the file
    again after each pass (with the rules of `codes`). A fix that comes back after it was
    applied did not resolve its finding: it is not applied again, and that is an error."""
    with open(path, "rb") as handle:
        data = handle.read()
    encoding = python_encoding(data)
    text = data.decode(encoding)
    result = FixedFile(path, text, text, encoding, findings=findings)
    done: set[tuple[str, str, tuple[str, ...]]] = set()
    for _ in range(MAX_PASSES):
        fixable = [f for f in result.findings if applies(f.fix, unsafe)]
        again = [f for f in fixable if _signature(f) in done]
        if again:
            result.error = (
                f"{path}: the fix of {again[0].code} on line {again[0].line} did not resolve "
                f"the finding; it was applied once"
            )
            fixable = [f for f in fixable if f not in again]
        fixed, applied = apply_fixes(result.fixed, [f.fix for f in fixable if f.fix])
        if fixed == result.fixed:
            break
        try:
            check_parses(fixed)
        except UnparsableFix as error:
            result.error = (
                f"{path}: the fixes of {', '.join(sorted({fixable[i].code for i in applied}))} "
                f"would leave the file unparsable ({error}); it was not changed by them"
            )
            break
        result.fixed = fixed
        result.applied += [fixable[i] for i in applied]
        done.update(_signature(fixable[i]) for i in applied)
        checked = run_in_project(LintJob(path, codes, fixed.encode(encoding), fixes=True))
        result.findings = checked.findings
        if checked.error is not None:
            result.error = checked.error
            break
    return result


def _signature(finding: Finding) -> tuple[str, str, tuple[str, ...]]:
    """What a finding's fix does, apart from where (an earlier fix moves the text)."""
    assert finding.fix is not None
    return finding.code, finding.message, tuple(edit.content for edit in finding.fix.edits)


def write(fixed: FixedFile) -> None:
    write_atomically(fixed.path, fixed.fixed.encode(fixed.encoding))


def add_noqa(path: str, findings: Iterable[Finding]) -> tuple[int, int]:
    """Mark the lines of `findings` in `path` with `# noqa: CODE`; (lines marked, lines that
    cannot take a comment: inside a string, or continued with a backslash)."""
    codes_by_line: dict[int, set[str]] = {}
    for finding in findings:
        codes_by_line.setdefault(finding.line, set()).add(finding.code)
    with open(path, "rb") as handle:
        data = handle.read()
    encoding = python_encoding(data)
    text = data.decode(encoding)
    marked, count, skipped = with_noqa(text, codes_by_line)
    if marked != text:
        check_parses(marked)
        write_atomically(path, marked.encode(encoding))
    return count, skipped
