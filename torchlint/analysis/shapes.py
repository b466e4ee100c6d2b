"""How many dimensions a tensor has, where the code shows it.

Only what the code states is used: a constructor or reshape with its sizes written out, a
`flatten()` to one dimension, a batched matrix product, the output of a recurrent layer, and the
operations that keep the rank (a linear layer, elementwise arithmetic, activations, dropout,
`permute`, `transpose`, `contiguous`).
Anything else is unknown (None), and rules that need a rank stay silent.
"""

from __future__ import annotations

import libcst as cst

from torchlint.analysis.facts import ModuleFacts, Scope
from torchlint.analysis.layout import sizes_rank
from torchlint.analysis.names import dotted, last_name
from torchlint.analysis.values import ModuleValue, values_of

_MAX_DEPTH = 12
_SIZED_CONSTRUCTORS = frozenset(
    {"torch.zeros", "torch.ones", "torch.randn", "torch.rand", "torch.empty", "torch.full"}
)
_BATCHED_PRODUCTS = frozenset({"torch.bmm", "torch.baddbmm"})
_RANK_KEEPING_FUNCTIONS = frozenset(
    {
        "torch.tanh",
        "torch.sigmoid",
        "torch.relu",
        "torch.exp",
        "torch.nn.functional.relu",
        "torch.nn.functional.gelu",
        "torch.nn.functional.dropout",
        "torch.nn.functional.linear",
        "torch.transpose",
    }
)
_RANK_KEEPING_METHODS = frozenset(
    {
        "permute",
        "transpose",
        "contiguous",
        "float",
        "double",
        "half",
        "to",
        "cuda",
        "cpu",
        "clone",
        "detach",
        "tanh",
        "sigmoid",
        "relu",
        "exp",
        "masked_fill",
    }
)
_SIZED_METHODS = frozenset({"view", "reshape", "expand", "new_zeros", "new_ones"})
# Layers whose output has the rank of their input.
_RANK_KEEPING_LAYERS = frozenset(
    {"Linear", "Dropout", "LayerNorm", "ReLU", "GELU", "Tanh", "Sigmoid", "Identity"}
)
_RECURRENT_LAYERS = frozenset({"LSTM", "GRU", "RNN"})


def rank_of(facts: ModuleFacts, expr: cst.BaseExpression, scope: Scope, order: int) -> int | None:
    """The number of dimensions of `expr`, when the code shows it."""
    return _rank(facts, expr, scope, order, 0)


def _rank(
    facts: ModuleFacts, expr: cst.BaseExpression, scope: Scope, order: int, depth: int
) -> int | None:
    if depth > _MAX_DEPTH:
        return None
    if isinstance(expr, cst.BinaryOperation) and not isinstance(expr.operator, cst.MatrixMultiply):
        ranks = {_rank(facts, side, scope, order, depth + 1) for side in (expr.left, expr.right)}
        ranks.discard(None)
        return ranks.pop() if len(ranks) == 1 else None
    if isinstance(expr, cst.Call):
        return _call_rank(facts, expr, scope, order, depth)
    key = dotted(expr)
    if key is None:
        return None
    binding = facts.resolve(key, scope, order)
    if binding is None:
        return None
    if binding.value is not None:
        return _rank(facts, binding.value, binding.scope, binding.order, depth + 1)
    if binding.unpack == (0,) and binding.unpacks_origin and isinstance(binding.origin, cst.Call):
        # `output, hidden = self.lstm(x)`: a recurrent layer's output is [T, B, H] / [B, T, H].
        layer = _layer_name(facts, binding.origin.func, binding.scope, binding.order)
        return 3 if layer in _RECURRENT_LAYERS else None
    return None


def _call_rank(
    facts: ModuleFacts, call: cst.Call, scope: Scope, order: int, depth: int
) -> int | None:
    qualname = facts.qualify(call.func)
    positional = [a.value for a in call.args if a.keyword is None and not a.star]
    first = positional[0] if positional else None
    if qualname in _SIZED_CONSTRUCTORS:
        return sizes_rank(positional) if qualname != "torch.full" else sizes_rank(positional[:1])
    if qualname in _BATCHED_PRODUCTS:
        return 3
    if qualname in _RANK_KEEPING_FUNCTIONS:
        return _rank(facts, first, scope, order, depth + 1) if first is not None else None
    func = call.func
    if isinstance(func, cst.Attribute) and qualname is None:
        method = func.attr.value
        if method in _SIZED_METHODS and not any(a.star for a in call.args):
            return sizes_rank(positional)
        if method in ("flatten", "ravel") and not call.args:
            return 1
        if method in _RANK_KEEPING_METHODS:
            return _rank(facts, func.value, scope, order, depth + 1)
    layer = _layer_name(facts, func, scope, order)
    if layer in _RANK_KEEPING_LAYERS and first is not None:
        return _rank(facts, first, scope, order, depth + 1)
    return None


def _layer_name(
    facts: ModuleFacts, func: cst.BaseExpression, scope: Scope, order: int
) -> str | None:
    """`LSTM` for a call of an `nn.LSTM` instance (`self.lstm(x)`); None for anything else."""
    value = values_of(facts).value_of(func, scope, order)
    if isinstance(value, ModuleValue) and value.klass is None:
        return last_name(value.name)
    return None
