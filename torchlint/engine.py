"""paths -> files -> parse once -> facts -> rules -> findings. Knows nothing about any one rule.

Files are checked in import order (analysis/project.py): each job receives the exports of the
project modules its file imports, and returns its own exports for the files that import it. A
finding that holds only if a function is not always called without gradients (TL004) waits for
the call sites in the rest of the project before it is kept or dropped.
"""

from __future__ import annotations

import ast
import os
import re
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import libcst as cst

from torchlint.analysis.facts import Call, ModuleFacts, collect_facts
from torchlint.analysis.project import (
    ALL_NAMES,
    ModuleFile,
    ProjectIndex,
    check_order,
    module_file,
)
from torchlint.analysis.training import switches_to_eval
from torchlint.analysis.values import FunctionValue, Origin, Value, values_of
from torchlint.findings import Finding, Related
from torchlint.notebooks import notebook_source, with_cells_replaced
from torchlint.rules import ALL_RULES, SYNTAX_ERROR
from torchlint.rules.base import Report, Rule
from torchlint.sources import BrokenCell, SourceError, SourceText, decode_python
from torchlint.suppression import NoqaIndex, skips_file

if TYPE_CHECKING:
    from torchlint.cache import ResultCache


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    # A problem that is not about the code (unreadable file, a crash inside torchlint).
    error: str | None = None
    # For the files that import this one: name -> summary.
    exports: dict[str, Value] = field(default_factory=dict)
    # Calls of project modules' functions and methods: (path, name, runs without gradients).
    calls_out: list[tuple[str, str, bool]] = field(default_factory=list)
    # Findings the callers of the named function of this file decide, and whether a call with
    # gradients on is needed to keep them (else: any call with them on, or no call known).
    conditional: list[tuple[Finding, str, bool]] = field(default_factory=list)
    # Attributes this file switches to eval mode on objects (`trainer.model.eval()`: "model"),
    # with each project module it imports: (path, attribute). And the findings of this file
    # that such a switch in a module importing it drops.
    switched_to_eval: set[tuple[str, str]] = field(default_factory=set)
    unless_switched: list[tuple[Finding, str]] = field(default_factory=list)
    checked: bool = True  # False for a module read only for its exports


@dataclass(frozen=True)
class Imports:
    """What a job knows of the project: its own module, and the exports of those it imports."""

    module: ModuleFile
    modules: Mapping[str, str] = field(default_factory=dict)  # dotted name -> path
    exports: Mapping[str, Mapping[str, Value]] = field(default_factory=dict)  # path -> exports
    wanted: frozenset[str] = frozenset()  # names other files import from this one

    def resolver(self) -> Callable[[int, str], Value | None]:
        index = ProjectIndex()
        for name, path in self.modules.items():
            index.add_named(path, name)

        def imported(level: int, dotted_name: str) -> Value | None:
            found = index.resolve(self.module, level, dotted_name)
            if found is None:
                return None
            module, attribute = found
            if not attribute or "." in attribute:
                return None
            return self.exports.get(module.path, {}).get(attribute)

        return imported


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


def _broken_cell(path: str, cell: BrokenCell) -> Finding:
    return Finding(
        path=path,
        line=cell.line,
        column=cell.column,
        end_line=cell.line,
        end_column=cell.column,
        code=SYNTAX_ERROR.code,
        name=SYNTAX_ERROR.name,
        message=f"{cell.message}; this cell was not checked (the other cells were)",
        severity=SYNTAX_ERROR.severity,
        cell=cell.number,
    )


def _cells_libcst_reads(source: SourceText) -> SourceText:
    """Python accepted each cell (see `notebooks`); a statement libcst does not know is cut out
    of its cell as in a `.py` file, and only a cell where that fails is left out."""
    replaced: dict[int, tuple[str, ...] | None] = {}
    for cell in source.cells or ():
        text = "\n".join(cell.lines) + "\n"
        try:
            cst.parse_module(text)
        except cst.ParserSyntaxError as error:
            readable = _without_statements_libcst_rejects(text, error)
            if readable is not None:
                replaced[cell.number] = tuple(readable[0].splitlines())
                continue
            replaced[cell.number] = None
            message = f"the parser torchlint uses (libcst) cannot read this cell: {error.message}"
            broken = BrokenCell(cell.number, message, error.raw_line, error.raw_column + 1)
            source = replace(source, broken_cells=(*source.broken_cells, broken))
    return with_cells_replaced(source, replaced)


def _without_statements_libcst_rejects(
    text: str, error: cst.ParserSyntaxError
) -> tuple[str, cst.Module] | None:
    """Valid Python that libcst does not know (`(x): int = 1`): each statement it rejects
    becomes `pass` on the same lines, and the rest of the file is checked. None when Python
    rejects the file too, or the statement cannot be cut out on its own lines."""
    try:
        tree = compile(text, "<file>", "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except (SyntaxError, ValueError):
        return None
    # Python accepts a backslash continuation at the very end of a file (`\\` CRLF), libcst does
    # not: the backslash continues nothing, so a space in its place changes no line.
    trailing = _TRAILING_CONTINUATION.search(text)
    if trailing is not None:
        text = text[: trailing.start()] + " " + text[trailing.start() + 1 :]
        try:
            return text, cst.parse_module(text)
        except cst.ParserSyntaxError as next_error:
            error = next_error
    simple = [node for node in ast.walk(tree) if isinstance(node, ast.stmt) and not _is_block(node)]
    lines = text.splitlines(keepends=True)
    for _ in range(_MAX_REJECTED_STATEMENTS):
        # libcst reports some errors at the token after the statement: try the one before too.
        before = [node for node in simple if node.lineno <= error.raw_line]
        candidates = sorted(before, key=lambda node: (node.lineno, node.col_offset))[-2:]
        for statement in reversed(candidates):
            patched_lines = _as_pass(lines, statement)
            if patched_lines is None:
                continue
            patched = "".join(patched_lines)
            try:
                return patched, cst.parse_module(patched)
            except cst.ParserSyntaxError as next_error:
                if next_error.raw_line != error.raw_line:
                    lines, error = patched_lines, next_error
                    break
        else:
            return None
    return None


_MAX_REJECTED_STATEMENTS = 20
_TRAILING_CONTINUATION = re.compile(r"\\(?:\r\n|\r|\n)?\s*\Z")


def _is_block(statement: ast.stmt) -> bool:
    return hasattr(statement, "body")


def _as_pass(lines: list[str], statement: ast.stmt) -> list[str] | None:
    """`lines` with `statement` replaced by `pass` (line count kept), if it has its own lines."""
    first, last = statement.lineno - 1, (statement.end_lineno or statement.lineno) - 1
    # ast columns count UTF-8 bytes.
    indent = lines[first].encode()[: statement.col_offset].decode(errors="replace")
    rest = lines[last].encode()[statement.end_col_offset or 0 :].decode(errors="replace").strip()
    if indent.strip() or rest not in ("", ";"):
        return None
    return [*lines[:first], indent + "pass\n", *["\n"] * (last - first), *lines[last + 1 :]]


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
    imports: Imports | None = None,
    result: FileResult | None = None,
    fixes: bool = False,
) -> list[Finding]:
    """Findings of one file; with `result`, also its exports and project calls go there. With
    `fixes`, findings carry their fixes, as edits of the file's text (not in notebooks, whose
    text is made from the cells, or where statements libcst rejects were cut out)."""
    text = source.text
    wanted = imports.wanted if imports is not None else frozenset()
    # Cheap things first: most files in a tree never mention torch and need no parse.
    mentions_torch = "torch" in text
    # A script that imports project modules was found to read them (`_reads_project_modules`):
    # its `trainer.model.eval()` matters to the trainer's module even if it never names torch.
    imports_project = imports is not None and bool(imports.modules)
    if (not mentions_torch and not wanted and not imports_project) or skips_file(text):
        return []
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as error:
        if source.cells is not None:
            source = _cells_libcst_reads(source)
            text = source.text
            module = cst.parse_module(text)
        else:
            readable = _without_statements_libcst_rejects(text, error)
            if readable is None:
                if not is_selected(SYNTAX_ERROR.code):
                    return []
                return [_syntax_error(path, source, *_describe_parse_error(text, error))]
            text, module = readable
    fixes = fixes and source.cells is None and text is source.text
    facts = collect_facts(path, text, module, source.locate)
    if imports is not None:
        facts.imported = imports.resolver()
        facts.imports_project = bool(imports.modules)
    findings: list[Finding] = []
    if is_selected(SYNTAX_ERROR.code):
        findings.extend(_broken_cell(path, cell) for cell in source.broken_cells)
    lines: list[str] | None = None  # split once, only for files with findings
    # A module that training code imports is part of the pipeline, torch or not (a data.py),
    # unless it is written for another framework.
    checked = mentions_torch or (wanted and not _OTHER_FRAMEWORK.search(text))
    for rule in rules if checked else ():
        for report in rule.check(facts):
            lines = lines if lines is not None else text.splitlines()
            if NoqaIndex(lines).suppresses(facts.line(report.node), rule.code, rule.name):
                continue
            finding = _finding(facts, source, rule, report, lines)
            if fixes and report.fix is not None:
                finding = replace(finding, fix=report.fix())
            # In a project run the callers in other files decide (see `_resolve_conditions`).
            function = report.if_called_with_grad or report.unless_called_without_grad
            needs_call = report.if_called_with_grad is not None
            switched = report.unless_switched_to_eval_elsewhere
            if function is not None and imports is not None and result is not None:
                result.conditional.append((finding, function, needs_call))
            elif switched is not None and imports is not None and result is not None:
                result.unless_switched.append((finding, switched))
            elif not needs_call:
                findings.append(finding)
    if result is not None and imports is not None:
        result.exports = _exports(facts, wanted)
        result.calls_out = _project_calls(facts)
        attributes = _attributes_switched_to_eval(facts)
        result.switched_to_eval = {
            (path, attribute) for path in imports.modules.values() for attribute in attributes
        }
    return findings


_OTHER_FRAMEWORK = re.compile(
    r"^\s*(?:import|from)\s+(?:mxnet|tensorflow|jax|paddle|keras)\b", re.MULTILINE
)


def _exports(facts: ModuleFacts, wanted: frozenset[str]) -> dict[str, Value]:
    values = values_of(facts)
    names = set(wanted)
    if ALL_NAMES in names:
        names.discard(ALL_NAMES)
        names.update(key for key in facts.module_scope.bindings if "." not in key)
    exports = {}
    for name in sorted(names):
        value = values.export(name)
        if value is not None:
            exports[name] = value
    return exports


def _attributes_switched_to_eval(facts: ModuleFacts) -> set[str]:
    return {
        target.rsplit(".", 1)[1]
        for call in facts.all_calls()
        if (target := call.mode_target)
        and "." in target
        and not target.startswith("self.")
        and switches_to_eval(call)
    }


def _project_calls(facts: ModuleFacts) -> list[tuple[str, str, bool]]:
    """Calls of functions and methods of project modules, and whether gradients are off there:
    those this file makes (`engine.evaluate(...)`, `model.generate(...)` of a model class of
    another module), and the methods the functions it calls run on the objects it passes them
    (`loop.fit(module)`, whose `run_val` calls `module.validation_step(batch)`)."""
    if not facts.imports_project:
        return []
    values = values_of(facts)
    calls = []
    for call in facts.all_calls():
        if call.key is None:
            continue
        callee = values.value_of(call.node.func, call.scope, call.order)
        if not isinstance(callee, FunctionValue):
            continue
        without_grad = call.grad_disabled or call.scope.decorated_no_grad
        if callee.summary.origin.path is not None:
            calls.append((callee.summary.origin.path, callee.summary.name, without_grad))
        calls.extend(_methods_run_on_arguments(facts, call, callee, without_grad))
    return calls


def _methods_run_on_arguments(
    facts: ModuleFacts, call: Call, callee: FunctionValue, without_grad: bool
) -> Iterator[tuple[str, str, bool]]:
    values = values_of(facts)
    arguments = values.arguments(callee.summary, callee.bound is not None, call.node)
    for index, name, grad_disabled in callee.summary.method_calls:
        argument = arguments.get(index)
        owner = values.value_of(argument, call.scope, call.order) if argument else None
        method = values.method_summary(owner, name) if owner is not None else None
        if method is not None:
            path = method.origin.path or facts.path
            yield path, method.name, without_grad or grad_disabled


def _finding(
    facts: ModuleFacts, source: SourceText, rule: Rule, report: Report, lines: Sequence[str]
) -> Finding:
    where = facts.position(report.node)
    cell, line = source.locate(where.start.line)
    _, end_line = source.locate(where.end.line)
    related = []
    for place, message in report.related:
        node = place.node if isinstance(place, Origin) else place
        if isinstance(place, Origin) and node is None:
            if place.path is not None and place.line is not None:
                # A line of another module: exports carry no columns.
                related.append(Related(place.line, 1, message, path=place.path))
            continue
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
        help=report.help,
        severity=report.severity or rule.severity,
        cell=cell,
        related=tuple(related),
    )


@dataclass(frozen=True)
class LintJob:
    """What a worker process needs to check one file: picklable, no open handles."""

    path: str
    codes: frozenset[str]
    data: bytes | None = None  # stdin, or the bytes already read; otherwise read from `path`
    imports: Imports | None = None
    checked: bool = True  # False: read only for the exports other files need
    fixes: bool = False  # findings carry their fixes


def run_job(job: LintJob) -> FileResult:
    # Deeply nested code (a 1,000-term sum) recurses deeply in libcst and in the analysis.
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20_000))
    rules = [rule() for rule in ALL_RULES if rule.code in job.codes] if job.checked else []
    result = FileResult(job.path, checked=job.checked)
    try:
        if job.data is not None:
            data = job.data
        else:
            with open(job.path, "rb") as handle:
                data = handle.read()
    except OSError as error:
        if job.checked:
            result.error = f"cannot read {job.path}: {error.strerror or error}"
        return result
    try:
        source = (
            notebook_source(data)
            if job.path.endswith(".ipynb")
            else SourceText(decode_python(data))
        )
    except SourceError as error:
        if SYNTAX_ERROR.code in job.codes and job.checked:
            result.findings.append(
                _syntax_error(job.path, None, str(error), error.line, error.column)
            )
        return result
    try:
        result.findings = lint_source(
            job.path,
            source,
            rules,
            lambda code: code in job.codes and job.checked,
            job.imports,
            result,
            job.fixes,
        )
    except RecursionError:
        result.error = f"{job.path}: too deeply nested for torchlint to analyse"
    except Exception as error:
        result.error = f"internal error while checking {job.path}: {type(error).__name__}: {error}"
    if not job.checked:
        result.findings, result.conditional, result.unless_switched = [], [], []
        result.error = None
    return result


def run_group(jobs: Sequence[LintJob]) -> list[FileResult]:
    """Files in one import cycle, one after the other: each sees the exports of those before."""
    results: list[FileResult] = []
    exports: dict[str, Mapping[str, Value]] = {}
    for job in jobs:
        if job.imports is not None and exports:
            merged = {**job.imports.exports, **exports}
            imports = job.imports
            job = replace(
                job, imports=Imports(imports.module, imports.modules, merged, imports.wanted)
            )
        result = run_job(job)
        exports[job.path] = result.exports
        results.append(result)
    return results


# Below this many files, starting worker processes costs more than it saves.
_PARALLEL_THRESHOLD = 8


def run_jobs(
    jobs: Sequence[LintJob], workers: int | None = None, cache: ResultCache | None = None
) -> list[FileResult]:
    """Check `jobs` as one project: in import order, in parallel where the order allows. With
    a `cache`, files whose key (see `cache.py`) is stored are not read again."""
    workers = workers or os.cpu_count() or 1
    plan = _ProjectPlan(jobs)
    order = {path: i for i, path in enumerate(plan.jobs)}
    keys = cache.keys(plan) if cache is not None else {}
    cached = {path: r for path, key in keys.items() if (r := cache.load(path, key)) is not None}
    plan.take_from_cache(cached)
    parallel = workers > 1 and len(plan.jobs) >= _PARALLEL_THRESHOLD
    results = plan.run_parallel(workers) if parallel else plan.run_sequentially()
    checked = [r for r in results if r.checked]
    if cache is not None:
        for result in checked:
            if result.path in keys and result.error is None:
                cache.store(result.path, keys[result.path], result)
    checked += cached.values()
    return _resolve_conditions(sorted(checked, key=lambda r: order[r.path]))


def _reads_project_modules(text: str) -> bool:
    """Training code, or a script that switches a trainer's model (`trainer.model.eval()`)."""
    return "torch" in text or ".eval(" in text


class _ProjectPlan:
    """The jobs grouped by import cycles, each group after the groups it imports."""

    def __init__(self, jobs: Sequence[LintJob]) -> None:
        index = ProjectIndex()
        self.jobs = {job.path: job for job in jobs}
        self.data = {job.path: _read(job) for job in jobs}
        self.texts = {path: _text_for_imports(path, data) for path, data in self.data.items()}
        for path in self.jobs:
            index.add(path)
        # Only training code, and the modules it imports, ask for summaries: a tree of other
        # Python costs no extra parse.
        requested: dict[str, dict[str, set[str]]] = {path: {} for path in self.texts}
        pending = [path for path, text in self.texts.items() if _reads_project_modules(text)]
        asked = set(pending)
        while pending:
            path = pending.pop()
            requested[path] = index.requested_names(path, self.texts[path])
            for target in requested[path]:
                if target not in asked and target in self.texts:
                    asked.add(target)
                    pending.append(target)
        self.depends = {path: sorted(wanted) for path, wanted in requested.items()}
        self._drop_unneeded_modules()
        # Only the order inside an import cycle asks which imports run at module level.
        in_cycles = [
            path for group in check_order(self.depends) if len(group) > 1 for path in group
        ]
        self.eager = {
            path: sorted(index.requested_names(path, self.texts[path], top_level_only=True))
            for path in in_cycles
        }
        self.wanted: dict[str, set[str]] = {}
        for path, wanted in requested.items():
            for target, names in wanted.items():
                if path in self.jobs:
                    self.wanted.setdefault(target, set()).update(names)
        self.index = index
        self.groups = check_order(self.depends, self.eager)
        self.exports: dict[str, Mapping[str, Value]] = {}

    def take_from_cache(self, cached: Mapping[str, FileResult]) -> None:
        """Files whose results are already known are not checked; they are still read, for
        their exports, where a file that is checked imports them."""
        if not cached:
            return
        for path in cached:
            self.jobs[path] = replace(self.jobs[path], checked=False)
        self._drop_unneeded_modules()
        self.groups = check_order(self.depends, self.eager)

    def _drop_unneeded_modules(self) -> None:
        """Modules read only for their exports, that no checked file needs (even indirectly)."""
        needed = [path for path, job in self.jobs.items() if job.checked]
        kept = set(needed)
        while needed:
            for dependency in self.depends.get(needed.pop(), ()):
                if dependency not in kept:
                    kept.add(dependency)
                    needed.append(dependency)
        self.jobs = {path: job for path, job in self.jobs.items() if path in kept}
        self.depends = {
            path: [d for d in dependencies if d in kept]
            for path, dependencies in self.depends.items()
            if path in kept
        }

    def job(self, path: str) -> LintJob:
        job = self.jobs[path]
        dependencies = self.depends.get(path, [])
        imports = Imports(
            self.index.modules[path],
            {self.index.modules[d].name: d for d in dependencies},
            {d: self.exports[d] for d in dependencies if d in self.exports},
            frozenset(self.wanted.get(path, ())),
        )
        # The bytes the cache key was computed from, even if the file changes meanwhile.
        return replace(job, data=self.data[path], imports=imports)

    def run_sequentially(self) -> list[FileResult]:
        results = []
        for group in self.groups:
            for result in run_group([self.job(path) for path in group]):
                self.exports[result.path] = result.exports
                results.append(result)
        return results

    def run_parallel(self, workers: int) -> list[FileResult]:
        group_of = {path: number for number, group in enumerate(self.groups) for path in group}
        waiting_on = {
            number: {group_of[d] for p in group for d in self.depends[p] if group_of[d] != number}
            for number, group in enumerate(self.groups)
        }
        needed_by: dict[int, list[int]] = {}
        for number, dependencies in waiting_on.items():
            for dependency in dependencies:
                needed_by.setdefault(dependency, []).append(number)
        results: list[FileResult] = []
        with ProcessPoolExecutor(max_workers=workers) as pool:
            running: dict[Future, int] = {}

            def submit(number: int) -> None:
                jobs = [self.job(path) for path in self.groups[number]]
                running[pool.submit(run_group, jobs)] = number

            for number, dependencies in waiting_on.items():
                if not dependencies:
                    submit(number)
            while running:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    number = running.pop(future)
                    for result in future.result():
                        self.exports[result.path] = result.exports
                        results.append(result)
                    for dependent in needed_by.get(number, ()):
                        waiting_on[dependent].discard(number)
                        if not waiting_on[dependent]:
                            submit(dependent)
        order = {path: i for i, path in enumerate(self.jobs)}
        return sorted(results, key=lambda r: order[r.path])


def _read(job: LintJob) -> bytes | None:
    if job.data is not None:
        return job.data
    try:
        with open(job.path, "rb") as handle:
            return handle.read()
    except OSError:
        return None  # the job reports it


def _text_for_imports(path: str, data: bytes | None) -> str:
    if path.endswith(".ipynb") or data is None:
        return ""  # notebooks import project modules, but nothing imports a notebook
    return data.decode("utf-8", "replace")


def _resolve_conditions(results: list[FileResult]) -> list[FileResult]:
    """Keep a conditional finding unless every project call of its function runs without grad,
    or, where it needs one, if some call runs with gradients on; and one that an `.eval()` of
    its attribute elsewhere would undo, unless no module calls it."""
    sites: dict[tuple[str, str], list[bool]] = {}
    for result in results:
        for path, function, without_grad in result.calls_out:
            sites.setdefault((path, function), []).append(without_grad)
    switched = {switch for result in results for switch in result.switched_to_eval}
    for result in results:
        result.findings += [
            f for f, name in result.unless_switched if (result.path, name) not in switched
        ]
        result.unless_switched = []
        for finding, function, needs_call in result.conditional:
            calls = sites.get((result.path, function), [])
            with_grad = not all(calls)
            if with_grad or (not calls and not needs_call):
                result.findings.append(finding)
        result.conditional = []
    return results


def run_in_project(job: LintJob) -> FileResult:
    """One file, checked with what it imports from the project modules beside it (editors,
    dynamic mode, stdin): a model class in `models.py` counts as it does in a whole-tree run."""
    results = run_jobs(with_sibling_modules([job]), workers=1)
    return next(result for result in results if result.path == job.path)


def with_sibling_modules(jobs: Sequence[LintJob]) -> list[LintJob]:
    """`jobs` plus, read for their exports only, the project modules beside them."""
    from torchlint.analysis.project import sibling_modules

    paths = {os.path.abspath(job.path) for job in jobs}
    extra = [
        LintJob(path, frozenset(), checked=False)
        for path in sibling_modules([job.path for job in jobs if job.path != "-"])
        if os.path.abspath(path) not in paths
    ]
    return [*jobs, *extra]


__all__ = [
    "FileResult",
    "Imports",
    "LintJob",
    "lint_source",
    "module_file",
    "run_in_project",
    "run_job",
    "run_jobs",
]
