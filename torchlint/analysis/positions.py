"""Source ranges for a chosen set of nodes, without libcst's per-node position bookkeeping.

libcst's PositionProvider splits every token on newlines and stores a range for every node; on
real scripts that costs about three times the parse. Findings only ever point at calls and
assignments, so this codegen state counts characters, records start/end offsets just for the
requested nodes, and converts those few offsets to lines and columns afterwards. It follows the
same rules as PositionProvider (the syntactic range where a node records one, else the range of
its own code), which a test checks node by node.
"""

from __future__ import annotations

import bisect
from collections.abc import Collection, Iterator
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
