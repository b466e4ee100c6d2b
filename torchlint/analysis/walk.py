"""A read-only walk over a libcst tree that calls a visitor's visit_X/leave_X methods.

libcst's own `Module.visit` is built for transformers: even a read-only visitor rebuilds and
re-validates every node and dispatches attribute hooks for every field, which costs more than
the parse. This walk reads each node's fields in source order, never descends into whitespace
or punctuation, and calls the same methods. A test checks it yields the same facts as
`Module.visit`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from functools import cache

import libcst as cst

# Fields whose values never contain a statement or an expression.
_INERT_FIELD_PREFIXES = (
    "whitespace", "lpar", "rpar", "lbracket", "rbracket", "lbrace", "rbrace", "comma", "semicolon",
    "leading_lines", "lines_after_decorators", "trailing_whitespace", "header", "footer", "indent",
    "operator", "dot", "equal", "colon", "first_colon", "second_colon", "star", "asynchronous",
    "encoding", "default_", "has_trailing_newline", "newline", "conversion", "relative", "start",
    "end", "posonly_ind",
)  # fmt: skip
# Where field order differs from source order (decorators come first, `a if b else c`, ...).
_SOURCE_ORDER = {
    cst.FunctionDef: ("decorators", "params", "returns", "body"),
    cst.ClassDef: ("decorators", "bases", "keywords", "body"),
    cst.IfExp: ("body", "test", "orelse"),
    cst.ExceptHandler: ("type", "name", "body"),
    cst.MatchCase: ("pattern", "guard", "body"),
    cst.Parameters: ("posonly_params", "params", "star_arg", "kwonly_params", "star_kwarg"),
}
_LEAVES = (cst.Name, cst.SimpleString, cst.BaseNumber, cst.Ellipsis)

_Entry = tuple[Callable | None, Callable | None, tuple[str, ...]]


class Walker:
    def __init__(self, visitor: object) -> None:
        self.visitor = visitor

    def walk(self, node: cst.CSTNode) -> None:
        visit, leave, fields = _entry(type(self.visitor), type(node))
        if visit is not None:
            visit(self.visitor, node)
        for name in fields:
            value = getattr(node, name)
            if type(value) in _SEQUENCES:
                for child in value:
                    if _walked(type(child)):
                        self.walk(child)
            elif _walked(type(value)):
                self.walk(value)
        if leave is not None:
            leave(self.visitor, node)


@cache
def _entry(visitor_type: type, node_type: type) -> _Entry:
    name = node_type.__name__
    return (
        getattr(visitor_type, f"visit_{name}", None),
        getattr(visitor_type, f"leave_{name}", None),
        _fields(node_type),
    )


_SEQUENCES = (tuple, list)


@cache
def _walked(value_type: type) -> bool:
    """A node to walk into (not a leaf). libcst's nodes are ABCs, whose isinstance checks cost
    ten times this cached lookup; the walk asks about every field of every node."""
    return issubclass(value_type, cst.CSTNode) and not issubclass(value_type, _LEAVES)


def children(node: cst.CSTNode) -> list[cst.CSTNode]:
    """The nodes under `node` that can hold a name, an expression or a statement, in source
    order: `node.children` without whitespace and punctuation, at a fraction of its cost
    (libcst builds `children` by running a visitor over every field)."""
    found = []
    for name in _fields(type(node)):
        value = getattr(node, name)
        if type(value) in _SEQUENCES:
            found.extend(child for child in value if _is_node(type(child)))
        elif _is_node(type(value)):
            found.append(value)
    return found


@cache
def _fields(node_type: type) -> tuple[str, ...]:
    return _SOURCE_ORDER.get(node_type) or tuple(
        f.name
        for f in dataclasses.fields(node_type)
        if not f.name.startswith(_INERT_FIELD_PREFIXES)
    )


@cache
def _is_node(value_type: type) -> bool:
    return issubclass(value_type, cst.CSTNode)
