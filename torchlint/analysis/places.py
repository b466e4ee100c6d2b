"""Places of one module's nodes that other modules' messages cite, resolved to lines on demand.

A summary exported to other modules names where things happen ("softmax output (models.py,
line 10)"). Finding those lines costs a second parse of the module (Python's own, see
`positions`), about a quarter of the first, and nearly every export is read without any message
citing it. So an export carries a `Place`: which call, assignment or definition of the module
it is, by its index in source order; the line is found the first time a message asks, by
reading the module's source again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from torchlint.analysis.facts import ModuleFacts, collect_facts


class ModuleLines:
    """The lines of one module's placeable nodes, read from its source when first asked."""

    def __init__(self, path: str, source: str) -> None:
        self.path = path
        self.source = source
        self._lines: dict[str, list[int]] | None = None

    def line(self, kind: str, index: int) -> int:
        if self._lines is None:
            facts = collect_facts(self.path, self.source, cst.parse_module(self.source))
            self._lines = {
                kind: [facts.line(node) for node in nodes]
                for kind, nodes in _placeable(facts).items()
            }
        return self._lines[kind][index]


@dataclass(frozen=True)
class Place:
    """A node of another module: the `index`-th of its `kind` in source order, or, for a node
    of no such kind, its line found at once (`kind` "line")."""

    lines: ModuleLines | None = field(compare=False, hash=False, repr=False)
    kind: str
    index: int

    @property
    def line(self) -> int:
        if self.lines is None:
            return self.index
        return self.lines.line(self.kind, self.index)


def place_of(facts: ModuleFacts, node: cst.CSTNode) -> Place:
    indexed: tuple[ModuleLines, dict[int, tuple[str, int]]] = facts.memo(
        "places", lambda: _index(facts)
    )
    lines, index = indexed
    found = index.get(id(node))
    if found is None:
        return Place(None, "line", facts.line(node))
    return Place(lines, *found)


def _index(facts: ModuleFacts) -> tuple[ModuleLines, dict[int, tuple[str, int]]]:
    index = {
        id(node): (kind, position)
        for kind, nodes in _placeable(facts).items()
        for position, node in enumerate(nodes)
    }
    return ModuleLines(facts.path, facts.source), index


def _placeable(facts: ModuleFacts) -> dict[str, list[cst.CSTNode]]:
    """Calls, assignment statements and definition names, each kind in an order that depends
    only on the source: the same lists for the same text."""
    return {
        "call": [call.node for call in sorted(facts.all_calls(), key=lambda call: call.order)],
        "assignment": list(facts.assignments),
        "definition": [
            scope.node.name
            for scope in facts.scopes
            if isinstance(scope.node, cst.FunctionDef | cst.ClassDef)
        ],
    }
