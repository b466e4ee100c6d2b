"""The dtype and shape of a tensor, where the code writes them out.

Pure functions over libcst nodes: which dtype a cast or a `dtype=` argument names, how many
dimensions a list literal or a size list gives, how a reshape or an index changes the rank. The
value analysis (values.py) applies them as tensors flow through datasets, loaders and helpers.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

import libcst as cst

from torchlint.analysis.names import dotted, last_name


class DType(enum.Enum):
    INTEGER = "integer"
    FLOAT = "floating-point"


_INTEGER_NAMES = frozenset(
    {"long", "int", "int64", "int32", "int16", "int8", "uint8", "short", "LongTensor", "IntTensor"}
)
_FLOAT_NAMES = frozenset(
    {
        "float", "float32", "float64", "float16", "double", "half", "bfloat16",
        "FloatTensor", "DoubleTensor", "HalfTensor",
    }
)  # fmt: skip
INTEGER_CASTS = frozenset({"long", "int", "short"})
FLOAT_CASTS = frozenset({"float", "double", "half", "bfloat16"})


def dtype_named(expr: cst.BaseExpression | None) -> DType | None:
    """`torch.long`, `np.float32`, `"int64"`, `int`, `torch.FloatTensor` -> its dtype."""
    if isinstance(expr, cst.SimpleString):
        name = expr.evaluated_value
    else:
        name = last_name(dotted(expr) or "") if expr is not None else ""
    if name in _INTEGER_NAMES:
        return DType.INTEGER
    if name in _FLOAT_NAMES:
        return DType.FLOAT
    return None


def literal_layout(expr: cst.BaseExpression) -> tuple[DType | None, int | None]:
    """`[0, 1, 1]` -> (INTEGER, 1); `[[0.5], [1.0]]` -> (FLOAT, 2); `3` -> (INTEGER, 0)."""
    if isinstance(expr, cst.Integer):
        return DType.INTEGER, 0
    if isinstance(expr, cst.Float):
        return DType.FLOAT, 0
    if isinstance(expr, cst.UnaryOperation) and isinstance(expr.operator, cst.Minus):
        return literal_layout(expr.expression)
    if isinstance(expr, cst.List | cst.Tuple) and expr.elements:
        if any(isinstance(e, cst.StarredElement) for e in expr.elements):
            return None, None
        inner = {literal_layout(e.value) for e in expr.elements}
        if len(inner) == 1:
            dtype, rank = inner.pop()
            return dtype, rank + 1 if rank is not None else None
    return None, None


def sizes_rank(sizes: list[cst.BaseExpression]) -> int | None:
    """`view(b, t, c)` -> 3; `view((b, t, c))` -> 3; `view(*shape)` or one name -> unknown."""
    if len(sizes) == 1 and isinstance(sizes[0], cst.Tuple | cst.List):
        elements = sizes[0].elements
        return None if any(isinstance(e, cst.StarredElement) for e in elements) else len(elements)
    if len(sizes) == 1 and not isinstance(sizes[0], cst.Integer | cst.UnaryOperation):
        return None  # `x.view(shape)`, `torch.zeros(size)`: the rank is in a variable
    return len(sizes) or None


def last_size(sizes: list[cst.BaseExpression]) -> int | None:
    """The size of the last dimension, where it is a positive literal: `view(-1, 1)` -> 1."""
    if len(sizes) == 1 and isinstance(sizes[0], cst.Tuple | cst.List):
        sizes = [e.value for e in sizes[0].elements]
    last = sizes[-1] if sizes else None
    return int(last.value) if isinstance(last, cst.Integer) else None


def integer(expr: cst.BaseExpression | None) -> int | None:
    """A literal integer, negative ones included."""
    if isinstance(expr, cst.Integer):
        return int(expr.value)
    if (
        isinstance(expr, cst.UnaryOperation)
        and isinstance(expr.operator, cst.Minus)
        and isinstance(expr.expression, cst.Integer)
    ):
        return -int(expr.expression.value)
    return None


def indexed_rank(
    rank: int | None, index: cst.Subscript, name_ranks: Mapping[str, int | None]
) -> int | None:
    """The rank after `index`: `x[:, 0]` drops a dimension, `x[:, None]` adds one, `x[:, -1:]`
    keeps it, and an index held in a name adds its own rank less one (`y[i]` of an integer `i`
    drops the sample dimension, `y[train_idx]` of an index array keeps it). `name_ranks` gives
    the ranks of the names used as indices that are known; anything else is unknown."""
    if rank is None:
        return None
    for element in index.slice:
        part = element.slice
        if isinstance(part, cst.Slice):
            continue
        value = part.value  # type: ignore[attr-defined]
        if isinstance(value, cst.Name) and value.value == "None":
            rank += 1
        elif integer(value) is not None:
            rank -= 1
        elif isinstance(value, cst.Name) and name_ranks.get(value.value) is not None:
            rank += name_ranks[value.value] - 1  # type: ignore[operator]
        else:
            return None
    return rank if rank >= 0 else None
