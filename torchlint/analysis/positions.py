"""Source positions of libcst nodes, without libcst's per-node position bookkeeping.

`start_lines` gives the line of every call and every class or function name from Python's own
parser, at a tenth of the cost of a codegen pass: the lines that messages and a module's exports
cite ("softmax output (models.py, line 10)") need nothing more.

`node_ranges` gives full ranges for a chosen set of nodes, for the nodes findings point at.

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


def node_ranges(
    module: cst.Module, source: str, targets: Collection[cst.CSTNode]
) -> dict[cst.CSTNode, CodeRange]:
    """Ranges (1-based lines, 0-based columns, as PositionProvider) of `targets` in `module`."""
    state = _OffsetState(module, targets)
    module._codegen(state)
    line_starts = [0]
    line_starts += [i + 1 for i, char in enumerate(source) if char == "\n"]

    def position(offset: int) -> CodePosition:
        line = bisect.bisect_right(line_starts, offset)
        return CodePosition(line, offset - line_starts[line - 1])

    return {node: CodeRange(position(a), position(b)) for node, (a, b) in state.ranges.items()}


_AstDefinition = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


def start_lines(
    source: str, calls: Sequence[cst.Call], definitions: Sequence[cst.FunctionDef | cst.ClassDef]
) -> dict[cst.CSTNode, int]:
    """Start lines of `calls` and of the names of `definitions`, both given in source order
    (pre-order: an outer call before the calls inside it), read from Python's own parser.

    The two trees are matched by position in that order, and each pair must name the same
    function or definition; where anything disagrees (a parser difference, a file `ast` cannot
    read), the map is empty and callers fall back to `node_ranges`."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return {}
    ast_calls: list[ast.Call] = []
    ast_definitions: list[_AstDefinition] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            ast_calls.append(node)
        elif isinstance(node, _AstDefinition):
            ast_definitions.append(node)
    if len(ast_calls) != len(calls) or len(ast_definitions) != len(definitions):
        return {}
    ast_calls.sort(key=_source_order)
    ast_definitions.sort(key=lambda n: (n.lineno, n.col_offset))
    lines: dict[cst.CSTNode, int] = {}
    for call, ast_call in zip(calls, ast_calls, strict=True):
        if _called_name(call.func) != _ast_called_name(ast_call.func):
            return {}
        lines[call] = ast_call.lineno
    # A definition's name shares the keyword's line unless a backslash continuation splits them.
    continued = _LINE_CONTINUATION.search(source) is not None
    source_lines = _NEWLINE.split(source) if continued else []
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
