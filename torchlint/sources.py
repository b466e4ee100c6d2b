"""Reading files into text: encodings, and Jupyter notebooks flattened to one module."""

from __future__ import annotations

import io
import json
import tokenize
from dataclasses import dataclass


class SourceError(Exception):
    """The file's bytes cannot become Python text; `line`/`column` say where, 1-based."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


@dataclass(frozen=True)
class SourceText:
    text: str
    # For notebooks: the first line of each code cell in `text` (1-based), in cell order.
    cell_starts: tuple[int, ...] | None = None

    def locate(self, line: int) -> tuple[int | None, int]:
        """(cell number, line within the cell) for a line of `text`; (None, line) for .py files."""
        if self.cell_starts is None:
            return None, line
        cell = 0
        for index, start in enumerate(self.cell_starts):
            if start <= line:
                cell = index
        return cell + 1, line - self.cell_starts[cell] + 1


def decode_python(data: bytes) -> str:
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        raise SourceError(f"cannot decode: {error}") from None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise SourceError(
            f"cannot decode as {encoding}: invalid byte 0x{data[error.start]:02x}", line, column
        ) from None
    except LookupError:
        raise SourceError(f"unknown source encoding {encoding!r}") from None


_CELL_MAGICS_THAT_RUN_PYTHON = ("%%time", "%%timeit", "%%capture")


def _python_lines(cell_source: str) -> list[str]:
    """A code cell's lines with IPython magics and shell escapes commented out (line count kept)."""
    lines = cell_source.splitlines()
    if (
        lines
        and lines[0].startswith("%%")
        and not lines[0].startswith(_CELL_MAGICS_THAT_RUN_PYTHON)
    ):
        return ["# " + line for line in lines]
    return ["# " + line if line.lstrip().startswith(("%", "!", "?")) else line for line in lines]


def notebook_text(data: bytes) -> SourceText:
    try:
        notebook = json.loads(data)
        cells = notebook["cells"]
    except (ValueError, KeyError, TypeError) as error:
        raise SourceError(f"not a valid Jupyter notebook: {error}") from None
    lines: list[str] = []
    starts: list[int] = []
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(source)
        starts.append(len(lines) + 1)
        lines.extend(_python_lines(source))
    return SourceText("\n".join(lines) + "\n", tuple(starts))


def read_source(path: str, data: bytes) -> SourceText:
    if path.endswith(".ipynb"):
        return notebook_text(data)
    return SourceText(decode_python(data))
