"""What a check reports: findings with 1-based positions, and their severities."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Applicability(str, enum.Enum):
    SAFE = "safe"  # keeps what the code means apart from the bug: applied by --fix
    UNSAFE = "unsafe"  # may change other behaviour: applied only with --unsafe-fixes


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace `text[start:end]` of the checked source with `content`; the same range as
    1-based lines and columns (the end column is the one after the range, as in SARIF)."""

    start: int
    end: int
    content: str
    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True, slots=True)
class Fix:
    applicability: Applicability
    message: str
    edits: tuple[Edit, ...]


@dataclass(frozen=True, slots=True)
class Related:
    """Another place that explains a finding (e.g. where the optimizer was built): in the
    finding's file, or in another module of the project (`path`)."""

    line: int
    column: int
    message: str
    cell: int | None = None
    path: str | None = None  # None: the finding's own file


@dataclass(frozen=True, slots=True)
class Finding:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    name: str
    message: str  # what is wrong, in one short line
    severity: Severity
    cell: int | None = None
    related: tuple[Related, ...] = field(default=())
    source_line: str = ""  # the text of `line`, for excerpts
    fix: Fix | None = None
    help: str = ""  # how to fix it

    def message_and_help(self) -> str:
        """For outputs with a single message field (annotations, SARIF, editors)."""
        return f"{self.message}\nhelp: {self.help}" if self.help else self.message

    def sort_key(self) -> tuple[str, int, int, int, str]:
        return (self.path, self.cell or 0, self.line, self.column, self.code)
