"""Source text: Python files decoded as Python does; the shape notebooks (`notebooks`) take;
and files written in one step (fixed sources, cache entries)."""

from __future__ import annotations

import bisect
import io
import os
import stat
import tempfile
import tokenize
from dataclasses import dataclass


class SourceError(Exception):
    """The file's bytes cannot become Python text; `line`/`column` say where, 1-based."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


@dataclass(frozen=True)
class Cell:
    """A notebook code cell in the flattened module: its number as Jupyter shows it (1-based,
    every cell counted), the line of the module where it starts, its lines as Python."""

    number: int
    start: int
    lines: tuple[str, ...]


@dataclass(frozen=True)
class BrokenCell:
    """A code cell left out because it does not parse; `line`/`column` are within the cell."""

    number: int
    message: str
    line: int
    column: int


@dataclass(frozen=True)
class SourceText:
    text: str
    cells: tuple[Cell, ...] | None = None  # notebooks only
    broken_cells: tuple[BrokenCell, ...] = ()

    def locate(self, line: int) -> tuple[int | None, int]:
        """(cell number, line within the cell) for a line of `text`; (None, line) for .py files."""
        if not self.cells:
            return None, line
        index = max(bisect.bisect_right([cell.start for cell in self.cells], line) - 1, 0)
        cell = self.cells[index]
        return cell.number, line - cell.start + 1


def python_encoding(data: bytes) -> str:
    """The encoding Python reads `data` with (`utf-8-sig` where it starts with a BOM, which
    encoding the text again puts back)."""
    try:
        return tokenize.detect_encoding(io.BytesIO(data).readline)[0]
    except SyntaxError as error:
        raise SourceError(f"cannot decode: {error}") from None


def decode_python(data: bytes) -> str:
    encoding = python_encoding(data)
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


def write_atomically(path: str | os.PathLike[str], data: bytes) -> None:
    """Write `data` to the file at `path` (a link's target) in one step: a temporary file beside
    it, then `os.replace`. A file that exists keeps its mode."""
    target = os.path.realpath(path)
    mode = stat.S_IMODE(os.stat(target).st_mode) if os.path.exists(target) else None
    handle, temporary = tempfile.mkstemp(
        dir=os.path.dirname(target), prefix=f".{os.path.basename(target)}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise
