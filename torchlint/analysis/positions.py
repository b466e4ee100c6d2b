"""Source positions of libcst nodes, without libcst's per-node position bookkeeping.

`python_positions` reads the lines of every call and class or function name, and the ranges
of calls and assignment statements, from Python's own parser, at a tenth of the cost of a codegen
pass: the lines that messages and exports cite ("softmax output (models.py, line 10)") and the
nodes findings point at need nothing more.

`node_ranges` gives full ranges for any chosen set of nodes, for what Python's parser cannot
match.

libcst's PositionProvider splits every token on newlines and stores a range for every node; on
real scripts that costs about three times the parse. Findings only ever point at calls and
assignments, so this codegen state counts characters, records start/end offsets just for the
requested nodes, and converts those few offsets to lines and columns afterwards. It follows the
same rules as PositionProvider (the syntactic range where a node records one, else the range of
its own code), which a test checks node by node.
"""

from __future__ import annotations

import ast
import bisect
import re
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager

import libcst as cst
from libcst._nodes.internal import CodegenState
from libcst.metadata import CodePosition, CodeRange


class _OffsetState(CodegenState):
    def __init__(self, module: cst.Module, targets: Collection[cst.CSTNode]) -> None:
        super().__init__(
            default_indent=module.default_indent, default_newline=module.default_newline
        )
        self.targets = targets
        self.offset = 0
        self.ranges: dict[cst.CSTNode, tuple[int, int]] = {}
        self._starts: dict[cst.CSTNode, int] = {}

    def add_indent_tokens(self) -> None:
        for token in self.indent_tokens:
            self.offset += len(token)

    def add_token(self, value: str) -> None:
        self.offset += len(value)

    def pop_trailing_newline(self) -> None:
        pass  # no tokens are kept, and the trailing newline comes after every recorded node

    def before_codegen(self, node: cst.CSTNode) -> None:
        if node in self.targets:
            self._starts[node] = self.offset

    def after_codegen(self, node: cst.CSTNode) -> None:
        if node in self.targets and node not in self.ranges:
            self.ranges[node] = (self._starts[node], self.offset)

    @contextmanager
    def record_syntactic_position(
        self,
        node: cst.CSTNode,
        *,
        start_node: cst.CSTNode | None = None,
        end_node: cst.CSTNode | None = None,
    ) -> Iterator[None]:
        if node not in self.targets:
            yield
            return
        start = self.offset
        yield
        end = self.offset
        if start_node is not None and start_node in self.ranges:
            start = self.ranges[start_node][0]
        if end_node is not None and end_node in self.ranges:
            end = self.ranges[end_node][1]
        self.ranges[node] = (start, end)


def node_offsets(
    module: cst.Module, targets: Collection[cst.CSTNode]
) -> dict[cst.CSTNode, tuple[int, int]]:
    """Start and end character offsets of `targets` in the module's code."""
    state = _OffsetState(module, targets)
    module._codegen(state)
    return state.ranges


def node_ranges(
    module: cst.Module, source: str, targets: Collection[cst.CSTNode]
) -> dict[cst.CSTNode, CodeRange]:
    """Ranges (1-based lines, 0-based columns, as PositionProvider) of `targets` in `module`."""
    offsets = node_offsets(module, targets)
    line_starts = [0]
    line_starts += [i + 1 for i, char in enumerate(source) if char == "\n"]

    def position(offset: int) -> CodePosition:
        line = bisect.bisect_right(line_starts, offset)
        return CodePosition(line, offset - line_starts[line - 1])

    return {node: CodeRange(position(a), position(b)) for node, (a, b) in offsets.items()}


_AstDefinition = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
_AstStatement = ast.Assign | ast.AnnAssign | ast.AugAssign
_STATEMENT_TYPES = {
    cst.Assign: ast.Assign,
    cst.AnnAssign: ast.AnnAssign,
    cst.AugAssign: ast.AugAssign,
}
CstStatement = cst.Assign | cst.AnnAssign | cst.AugAssign


class PythonPositions:
    """Where Python's own parser puts calls, assignment statements and definition names."""

    def __init__(
        self,
        source: str,
        spans: dict[cst.CSTNode, ast.expr | ast.stmt],
        name_lines: dict[cst.CSTNode, int],
    ) -> None:
        self.source = source
        self.spans = spans  # calls and assignment statements
        self.name_lines = name_lines
        self._lines: list[str] | None = None

    def line(self, node: cst.CSTNode) -> int | None:
        span = self.spans.get(node)
        return span.lineno if span is not None else self.name_lines.get(node)

    def range(self, node: cst.CSTNode) -> CodeRange | None:
        span = self.spans.get(node)
        if span is None or span.end_lineno is None or span.end_col_offset is None:
            return None
        return CodeRange(
            self._position(span.lineno, span.col_offset),
            self._position(span.end_lineno, span.end_col_offset),
        )

    def _position(self, line: int, utf8_offset: int) -> CodePosition:
        if self._lines is None:
            self._lines = _NEWLINE.split(self.source)
        text = self._lines[line - 1]
        if text.isascii():
            return CodePosition(line, utf8_offset)
        # Python counts columns in UTF-8 bytes, libcst (and editors) in characters.
        encoded = text.encode("utf-8", "surrogatepass")
        return CodePosition(line, len(encoded[:utf8_offset].decode("utf-8", "surrogatepass")))


def python_positions(
    source: str,
    calls: Sequence[cst.Call],
    statements: Sequence[CstStatement],
    definitions: Sequence[cst.FunctionDef | cst.ClassDef],
) -> PythonPositions:
    """Positions of `calls`, `statements` and the names of `definitions`, each given in source
    order (pre-order: an outer call before the calls inside it), read from Python's own parser.

    The two trees are matched by position in that order, and each pair must agree (the same
    called name, statement kind or definition name); where anything disagrees (a parser
    difference, a file `ast` cannot read), that kind of node gets no positions and callers fall
    back to `node_ranges`."""
    none = PythonPositions(source, {}, {})
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return none
    ast_calls: list[ast.Call] = []
    ast_statements: list[_AstStatement] = []
    ast_definitions: list[_AstDefinition] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            ast_calls.append(node)
        elif isinstance(node, _AstStatement):
            ast_statements.append(node)
        elif isinstance(node, _AstDefinition):
            ast_definitions.append(node)
    ast_calls.sort(key=_source_order)
    ast_statements.sort(key=lambda n: (n.lineno, n.col_offset))
    ast_definitions.sort(key=lambda n: (n.lineno, n.col_offset))
    spans: dict[cst.CSTNode, ast.expr | ast.stmt] = {}
    spans.update(_matched_calls(calls, ast_calls))
    spans.update(_matched_statements(statements, ast_statements))
    return PythonPositions(
        source, spans, _definition_name_lines(source, definitions, ast_definitions)
    )


def _matched_calls(
    calls: Sequence[cst.Call], ast_calls: list[ast.Call]
) -> list[tuple[cst.Call, ast.Call]]:
    if len(calls) != len(ast_calls):
        return []
    pairs = list(zip(calls, ast_calls, strict=True))
    if any(_called_name(c.func) != _ast_called_name(a.func) for c, a in pairs):
        return []
    return pairs


def _matched_statements(
    statements: Sequence[CstStatement], ast_statements: list[_AstStatement]
) -> list[tuple[CstStatement, _AstStatement]]:
    if len(statements) != len(ast_statements):
        return []
    pairs = list(zip(statements, ast_statements, strict=True))
    if any(_STATEMENT_TYPES[type(c)] is not type(a) for c, a in pairs):
        return []
    return pairs


def _definition_name_lines(
    source: str,
    definitions: Sequence[cst.FunctionDef | cst.ClassDef],
    ast_definitions: list[_AstDefinition],
) -> dict[cst.CSTNode, int]:
    if len(definitions) != len(ast_definitions):
        return {}
    # A definition's name shares the keyword's line unless a backslash continuation splits them.
    continued = _LINE_CONTINUATION.search(source) is not None
    source_lines = _NEWLINE.split(source) if continued else []
    lines: dict[cst.CSTNode, int] = {}
    for definition, ast_definition in zip(definitions, ast_definitions, strict=True):
        name = definition.name.value
        if name != ast_definition.name:
            return {}
        line = ast_definition.lineno
        if not continued or re.search(rf"\b(?:def|class)\s+{name}\b", source_lines[line - 1]):
            lines[definition.name] = line
    return lines


_NEWLINE = re.compile(r"\r\n|\r|\n")  # what Python counts as a line break, unlike splitlines()
_LINE_CONTINUATION = re.compile(r"\\(?:\r|\n)")


def _source_order(call: ast.Call) -> tuple[int, int, int, int]:
    """Source order; at one start the enclosing call (the longer one) first, as in pre-order."""
    return (call.lineno, call.col_offset, -(call.end_lineno or 0), -(call.end_col_offset or 0))


def _called_name(func: cst.BaseExpression) -> str | None:
    if isinstance(func, cst.Name):
        return func.value
    if isinstance(func, cst.Attribute):
        return func.attr.value
    return None


def _ast_called_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None
