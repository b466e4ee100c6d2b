"""paths -> files -> parse once -> facts -> rules -> findings. Knows nothing about any one rule."""

from __future__ import annotations

import ast
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

import libcst as cst

from torchlint.analysis.facts import ModuleFacts, collect_facts
from torchlint.findings import Finding, Related
from torchlint.rules import ALL_RULES, SYNTAX_ERROR
from torchlint.rules.base import Report, Rule
from torchlint.sources import SourceError, SourceText, read_source
from torchlint.suppression import NoqaIndex, skips_file


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    # A problem that is not about the code (unreadable file, a crash inside torchlint).
    error: str | None = None


def _syntax_error(
    path: str, source: SourceText | None, message: str, line: int, column: int
) -> Finding:
    cell, cell_line = source.locate(line) if source is not None else (None, line)
    return Finding(
        path=path,
        line=cell_line,
        column=column,
        end_line=cell_line,
        end_column=column,
        code=SYNTAX_ERROR.code,
        name=SYNTAX_ERROR.name,
        message=f"{message}; the file was not checked",
        severity=SYNTAX_ERROR.severity,
        cell=cell,
    )


def _describe_parse_error(text: str, error: cst.ParserSyntaxError) -> tuple[str, int, int]:
    """Message, line and column for a file libcst rejects; Python's own words where it agrees."""
    try:
        compile(text, "<file>", "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as python_error:
        return (
            f"syntax error: {python_error.msg}",
            python_error.lineno or 1,
            python_error.offset or 1,
        )
    except ValueError as python_error:  # e.g. a NUL byte in the source
        return f"cannot parse: {python_error}", 1, 1
    return f"cannot parse: {error.message}", error.raw_line, error.raw_column + 1


def lint_source(
    path: str,
    source: SourceText,
    rules: Sequence[Rule],
    is_selected: Callable[[str], bool] = lambda code: True,
) -> list[Finding]:
    text = source.text
    # Cheap things first: most files in a tree never mention torch and need no parse.
    if "torch" not in text or skips_file(text):
        return []
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as error:
        if not is_selected(SYNTAX_ERROR.code):
            return []
        return [_syntax_error(path, source, *_describe_parse_error(text, error))]
    facts = collect_facts(path, text, module, source.locate)
    findings: list[Finding] = []
    lines: list[str] | None = None  # split once, only for files with findings
    for rule in rules:
        for report in rule.check(facts):
            lines = lines if lines is not None else text.splitlines()
            if not NoqaIndex(lines).suppresses(facts.line(report.node), rule.code):
                findings.append(_finding(facts, source, rule, report, lines))
    return findings


def _finding(
    facts: ModuleFacts, source: SourceText, rule: Rule, report: Report, lines: Sequence[str]
) -> Finding:
    where = facts.position(report.node)
    cell, line = source.locate(where.start.line)
    _, end_line = source.locate(where.end.line)
    related = []
    for node, message in report.related:
        related_cell, related_line = source.locate(facts.line(node))
        related.append(
            Related(related_line, facts.position(node).start.column + 1, message, related_cell)
        )
    return Finding(
        path=facts.path,
        source_line=lines[where.start.line - 1] if where.start.line <= len(lines) else "",
        line=line,
        column=where.start.column + 1,
        end_line=end_line,
        end_column=where.end.column + 1,
        code=rule.code,
        name=rule.name,
        message=report.message,
        severity=report.severity or rule.severity,
        cell=cell,
        related=tuple(related),
    )


@dataclass(frozen=True)
class LintJob:
    """What a worker process needs to check one file: picklable, no open handles."""

    path: str
    codes: frozenset[str]
    data: bytes | None = None  # given for stdin; otherwise read from `path`


def run_job(job: LintJob) -> FileResult:
    rules = [rule() for rule in ALL_RULES if rule.code in job.codes]
    result = FileResult(job.path)
    try:
        if job.data is not None:
            data = job.data
        else:
            with open(job.path, "rb") as handle:
                data = handle.read()
    except OSError as error:
        result.error = f"cannot read {job.path}: {error.strerror or error}"
        return result
    try:
        source = read_source(job.path, data)
    except SourceError as error:
        if SYNTAX_ERROR.code in job.codes:
            result.findings.append(
                _syntax_error(job.path, None, str(error), error.line, error.column)
            )
        return result
    try:
        result.findings = lint_source(job.path, source, rules, lambda code: code in job.codes)
    except RecursionError:
        result.error = f"{job.path}: too deeply nested for torchlint to analyse"
    except Exception as error:
        result.error = f"internal error while checking {job.path}: {type(error).__name__}: {error}"
    return result


# Below this many files, starting worker processes costs more than it saves.
_PARALLEL_THRESHOLD = 8


def run_jobs(jobs: Sequence[LintJob], workers: int | None = None) -> Iterable[FileResult]:
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(jobs) < _PARALLEL_THRESHOLD:
        return [run_job(job) for job in jobs]
    chunksize = max(1, len(jobs) // (workers * 4))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run_job, jobs, chunksize=chunksize))
