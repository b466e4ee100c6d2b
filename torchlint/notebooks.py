"""Jupyter notebooks as one Python module.

IPython syntax is translated line for line into Python that means the same to the analysis, so
every line keeps its number. A code cell that still does not parse (an unfinished exercise) is
left out and reported alone; the other cells are checked. Cells are numbered as Jupyter and
Ruff show them: 1-based, every cell counted, markdown included.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator, Mapping

from torchlint.sources import BrokenCell, Cell, SourceError, SourceText

# Cell magics whose body is Python that runs in the notebook; every other one (%%bash,
# %%writefile, %%html, ...) hands its body to something else.
_PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug", "memit"})
_CELL_MAGIC = re.compile(r"%%(\w+)")
# `%time stmt` / `%timeit [-n 10] stmt` run the statement: it stays, behind `if 1:` padded to the
# prefix's width so that its columns do not move.
_TIMED_STATEMENT = re.compile(r"%(?:time|timeit)((?:\s+-\w+(?:\s+\d+)?)*)\s+(?=\S)")
# `files = !ls`, `out = %timeit -o f()`: the name is still bound.
_ASSIGNED_ESCAPE = re.compile(r"([A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*\s*=)\s*[!%]")
# `model?`, `torch.nn.Linear??`, `?x`: help requests.
_HELP = re.compile(r"(?:\?{1,2}[\w.\[\]]+|[\w.\[\]()]+\?{1,2})\s*")
# What begins an IPython escape at the start of a logical line: magics, shell commands, help,
# and autocall (`/f x`, `;f x`, `,f x`). None of these can begin a Python statement.
_ESCAPES = ("%", "!", "?", "/", ";", ",")
_COMPILE_FLAGS = ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT


def notebook_source(data: bytes) -> SourceText:
    try:
        notebook = json.loads(data)
        cells = _cells(notebook)
    except (ValueError, KeyError, TypeError, IndexError) as error:
        raise SourceError(f"not a valid Jupyter notebook: {error}") from None
    lines: list[str] = []
    kept: list[Cell] = []
    broken: list[BrokenCell] = []
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        code = _joined(cell.get("source", cell.get("input", "")))
        python, problem = _translated_cell(code)
        if problem is not None:
            broken.append(BrokenCell(number, *problem))
            continue
        cell_lines = python.splitlines()
        if cell_lines:
            kept.append(Cell(number, len(lines) + 1, tuple(cell_lines)))
            lines.extend(cell_lines)
    return SourceText("\n".join(lines) + "\n", tuple(kept), tuple(broken))


def _cells(notebook: dict) -> list:
    if notebook.get("nbformat") == 3 or "worksheets" in notebook:
        return [cell for sheet in notebook["worksheets"] for cell in sheet["cells"]]
    return notebook["cells"]


def _joined(source: str | list[str]) -> str:
    return "".join(source) if isinstance(source, list) else source


def _syntax_problem(python: str) -> tuple[str, int, int] | None:
    try:
        compile(python, "<cell>", "exec", flags=_COMPILE_FLAGS, dont_inherit=True)
    except SyntaxError as error:
        return f"syntax error: {error.msg}", error.lineno or 1, error.offset or 1
    except ValueError as error:  # a NUL byte
        return f"cannot parse: {error}", 1, 1
    return None


def python_of_cell(code: str) -> str:
    """The cell with its IPython syntax translated; a translation the cell's Python does not
    accept (`%time` before a compound statement) falls back to dropping the escaped lines."""
    return _translated_cell(code)[0]


def _translated_cell(code: str) -> tuple[str, tuple[str, int, int] | None]:
    """`python_of_cell`, and why Python still rejects it (None when it parses): each
    translation is compiled once."""
    lines = code.splitlines()
    first = next((index for index, line in enumerate(lines) if line.strip()), None)
    if first is not None and lines[first].startswith("%%"):
        magic = _CELL_MAGIC.match(lines[first])
        lines[first] = "# " + lines[first]
        if magic is None or magic.group(1) not in _PYTHON_CELL_MAGICS:
            commented = "\n".join(
                "# " + line if index > first else line for index, line in enumerate(lines)
            )
            return commented, None
    translated = "\n".join(_translated(lines, keep_statements=True))
    problem = _syntax_problem(translated)
    if problem is None:
        return translated, None
    fallback = "\n".join(_translated(lines, keep_statements=False))
    return fallback, _syntax_problem(fallback)


def _translated(lines: list[str], keep_statements: bool) -> Iterator[str]:
    scanner = _LogicalLines()
    escape_continues = False
    for line in lines:
        if escape_continues:
            escape_continues = line.rstrip().endswith("\\")
            yield ""
            continue
        if not scanner.at_statement_start:
            scanner.feed(line)
            yield line
            continue
        python = _python_line(line, keep_statements)
        if python is not line:
            escape_continues = line.rstrip().endswith("\\")
        scanner.feed(python)
        yield python


def _python_line(line: str, keep_statements: bool) -> str:
    body = line.lstrip()
    indent = line[: len(line) - len(body)]
    if _HELP.fullmatch(body):
        return indent + "pass"
    assigned = _ASSIGNED_ESCAPE.match(body)
    if assigned:
        return indent + assigned.group(1) + " None"
    if not body.startswith(_ESCAPES):
        return line
    timed = _TIMED_STATEMENT.match(body)
    if timed and keep_statements:
        return indent + "if 1:".ljust(timed.end()) + body[timed.end() :]
    return indent + "pass"


class _LogicalLines:
    """Tracks whether the next physical line starts a statement: not inside brackets, a string
    or a backslash continuation. (Escapes are only IPython syntax there: `(a\\n / b)` divides.)"""

    def __init__(self) -> None:
        self.depth = 0
        self.quote: str | None = None
        self.backslash = False

    @property
    def at_statement_start(self) -> bool:
        return self.depth == 0 and self.quote is None and not self.backslash

    def feed(self, line: str) -> None:
        self.backslash = False
        index, length = 0, len(line)
        while index < length:
            char = line[index]
            if self.quote is not None:
                if char == "\\":
                    index += 2
                    continue
                if line.startswith(self.quote, index):
                    index += len(self.quote)
                    self.quote = None
                    continue
                index += 1
                continue
            if char == "#":
                break
            if char in "\"'":
                triple = char * 3
                self.quote = triple if line.startswith(triple, index) else char
                index += len(self.quote)
                continue
            if char in "([{":
                self.depth += 1
            elif char in ")]}":
                self.depth = max(0, self.depth - 1)
            index += 1
        ends_with_backslash = line.endswith("\\")
        if self.quote is not None and len(self.quote) == 1 and not ends_with_backslash:
            self.quote = None  # an unterminated one-line string: Python's error, not ours
        self.backslash = ends_with_backslash and self.quote is None


def with_cells_replaced(
    source: SourceText, replaced: Mapping[int, tuple[str, ...] | None]
) -> SourceText:
    """`source` with the lines of the given cells replaced, or the cell left out where None (for
    what libcst rejects though Python accepts it)."""
    lines: list[str] = []
    kept: list[Cell] = []
    for cell in source.cells or ():
        cell_lines = replaced.get(cell.number, cell.lines)
        if cell_lines is not None:
            kept.append(Cell(cell.number, len(lines) + 1, cell_lines))
            lines.extend(cell_lines)
    return SourceText("\n".join(lines) + "\n", tuple(kept), source.broken_cells)
