"""TL014: softmax over the batch dimension: dim=0, or no dim on a 3-D tensor."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from torchlint.analysis.facts import Call, ModuleFacts, Scope
from torchlint.analysis.names import dotted
from torchlint.analysis.shapes import rank_of
from torchlint.analysis.training import is_forward
from torchlint.analysis.values import FunctionValue, ModuleValue, Origin, values_of
from torchlint.findings import Severity
from torchlint.rules.base import Report, Rule

_FUNCTIONS = frozenset(
    {
        "torch.nn.functional.softmax",
        "torch.nn.functional.log_softmax",
        "torch.softmax",
        "torch.log_softmax",
        "torch.special.softmax",
        "torch.special.log_softmax",
    }
)
# F.softmax and F.log_softmax accept a missing dim (and guess); torch.softmax requires one.
_IMPLICIT_DIM_FUNCTIONS = frozenset(
    {"torch.nn.functional.softmax", "torch.nn.functional.log_softmax"}
)
_MODULES = frozenset({"torch.nn.Softmax", "torch.nn.LogSoftmax"})
_METHODS = frozenset({"softmax", "log_softmax"})
_MAX_DEPTH = 6


class SoftmaxWrongDim(Rule):
    code = "TL014"
    name = "softmax-wrong-dim"
    severity = Severity.ERROR
    summary = "Softmax normalizes over the batch dimension: dim=0, or no dim on a 3-D tensor."

    def check(self, facts: ModuleFacts) -> Iterator[Report]:
        layers = _softmax_layers(facts)
        for call in facts.all_calls():
            if call.qualname == "torch.nn.Sequential":
                yield from _sequential_output_layer(facts, call)
            built = _layer_called(facts, call, layers)
            yield from _without_dim(facts, call, built)
            for data in _dim_zero_softmax_inputs(call, built):
                if _batch_first(facts, data, call):
                    yield Report(
                        call.node,
                        _batch_message(f"`{facts.code(data)}`"),
                        related=_built_here(facts, built, "with `dim=0`"),
                        help=_BATCH_FIX,
                    )
        yield from _passed_to_other_modules(facts)


def _softmax_layers(facts: ModuleFacts) -> dict[int, Call]:
    """The `nn.Softmax` / `nn.LogSoftmax` layers built in this file without `dim` or with
    `dim=0`, by the id of the call that builds them."""
    return facts.memo(
        "softmax_layers",
        lambda: {
            id(c.node): c
            for c in facts.all_calls()
            if c.qualname in _MODULES and (not c.node.args or _is_zero(_layer_dim(c.node)))
        },
    )


def _layer_dim(built: cst.Call) -> cst.BaseExpression | None:
    dims = (a.value for a in built.args if a.keyword is None or a.keyword.value == "dim")
    return next(dims, None)


def _layer_called(facts: ModuleFacts, call: Call, layers: dict[int, Call]) -> Call | None:
    """The construction of the softmax layer `call` runs (`self.softmax(x)`), if one of
    `layers`."""
    if not layers or not call.node.args or call.qualname is not None:
        return None
    return layers.get(_built_at(facts, call))  # type: ignore[arg-type]


def _built_here(
    facts: ModuleFacts, built: Call | None, how: str
) -> tuple[tuple[cst.CSTNode, str], ...]:
    return ((built.node, f"`{facts.code(built.node.func)}` built here {how}"),) if built else ()


def _without_dim(facts: ModuleFacts, call: Call, built: Call | None) -> Iterator[Report]:
    """`F.softmax(x)`, or a layer built as `nn.Softmax()`, on a tensor shown to be 3-D."""
    if call.qualname in _IMPLICIT_DIM_FUNCTIONS and call.argument(1, "dim") is None:
        function = facts.code(call.node.func)
        yield from _implicit_dim(facts, call, call.argument(0, "input"), function)
    elif built is not None and not built.node.args:
        function = facts.code(built.node.func)
        yield from _implicit_dim(facts, call, call.node.args[0].value, function, built)


def _dim_zero_softmax_inputs(call: Call, built: Call | None) -> Iterator[cst.BaseExpression]:
    """What `call` takes softmax over dim 0 of: `F.softmax(x, 0)`, `x.softmax(0)`, a layer
    built as `nn.Softmax(dim=0)` (`built`)."""
    if built is not None:  # `self.softmax(x)` is a layer's call, not a tensor method
        if built.node.args:
            yield call.node.args[0].value
    elif call.qualname in _FUNCTIONS:
        data = call.argument(0, "input")
        if _is_zero(call.argument(1, "dim")) and data is not None:
            yield data
    elif (
        call.method in _METHODS
        and call.qualname is None
        and call.receiver is not None
        and _is_zero(call.argument(0, "dim"))
    ):
        yield call.receiver


def _passed_to_other_modules(facts: ModuleFacts) -> Iterator[Report]:
    """`criterion(s_logits, t_logits, y)` where a loss of another module takes softmax over
    dim 0 of the parameter given `t_logits`: reported at the calls of this file, when every one
    of them passes a model's output there (a helper may serve vectors elsewhere)."""
    if not facts.imports_project:
        return
    sites: dict[tuple[Origin, int], list[tuple[Call, cst.BaseExpression | None]]] = {}
    for call in facts.all_calls():
        for index, data, softmax in _softmaxed_arguments(facts, call):
            if softmax.node is None:  # in another module
                sites.setdefault((softmax, index), []).append((call, data))
    for (softmax, _), calls in sites.items():
        if not all(data is not None and _batch_first(facts, data, call) for call, data in calls):
            continue
        for call, data in calls:
            scores = f"`{facts.code(data)}` in `{facts.code(call.node.func)}`"  # type: ignore[arg-type]
            yield Report(
                call.node,
                _batch_message(f"{scores} ({softmax.describe(facts)})"),
                related=((softmax, "softmax over dim 0 of this parameter"),),
                help=_BATCH_FIX,
            )


def batch_softmaxed_parameters(facts: ModuleFacts, function: Scope) -> Iterator[tuple[int, Origin]]:
    """The parameters of `function` whose dim 0 it normalizes with softmax, itself or through
    a function or module it calls (for its summary), with where."""
    layers = _softmax_layers(facts)
    for call in function.calls:
        for data in _dim_zero_softmax_inputs(call, _layer_called(facts, call, layers)):
            for index in _parameters_of(facts, function, data, call):
                yield index, Origin(call.node)
        for _, data, softmax in _softmaxed_arguments(facts, call):
            for index in _parameters_of(facts, function, data, call) if data else ():
                yield index, softmax


def _softmaxed_arguments(
    facts: ModuleFacts, call: Call
) -> Iterator[tuple[int, cst.BaseExpression | None, Origin]]:
    """The parameters of the function or module `call` runs that it takes softmax over dim 0
    of, with the arguments `call` passes there and where the softmax is."""
    values = values_of(facts)
    callee = values.value_of(call.node.func, call.scope, call.order)
    summary = values.forward_summary(callee)
    if summary is None or not summary.batch_softmax:
        return
    bound = not isinstance(callee, FunctionValue) or callee.bound is not None
    arguments = values.arguments(summary, bound, call.node)
    for index, softmax in summary.batch_softmax:
        yield index, arguments.get(index), softmax


def _parameters_of(
    facts: ModuleFacts, function: Scope, data: cst.BaseExpression, call: Call
) -> list[int]:
    """The parameters of `function` that the scores `data` come from, when nothing else does."""
    sources = _score_sources(facts, data, call.scope, call.order, 0)
    if not sources or any(scope is not function for _, scope in sources):
        return []
    if rank_of(facts, data, call.scope, call.order) == 1:
        return []
    return [function.params.index(name) for name, _ in sources]


def _built_at(facts: ModuleFacts, call: Call) -> int | None:
    """The id of the node that built the layer `call` calls (`self.softmax(x)`), if known."""
    layer = values_of(facts).value_of(call.node.func, call.scope, call.order)
    identity = layer.identity if isinstance(layer, ModuleValue) else None
    return identity[1] if isinstance(identity, tuple) and identity[0] == "new" else None


def _implicit_dim(
    facts: ModuleFacts,
    call: Call,
    data: cst.BaseExpression | None,
    function: str,
    built: Call | None = None,
) -> Iterator[Report]:
    """No `dim`: PyTorch picks dim 0 for a 3-D input, which is never the class dimension."""
    if data is not None and rank_of(facts, data, call.scope, call.order) == 3:
        related = _built_here(facts, built, "without `dim`")
        yield Report(
            call.node,
            _implicit_message(function, facts.code(data)),
            related=related,
            help="Pass `dim=-1` (the class dimension): PyTorch's guess normalizes over the batch, "
            "or the time steps, and each sample depends on the others.",
        )


def _sequential_output_layer(facts: ModuleFacts, call: Call) -> Iterator[Report]:
    """`nn.Sequential(..., nn.Linear(h, n), nn.Softmax(dim=0))`: batch-first by construction."""
    layers = [arg.value for arg in call.node.args if arg.keyword is None and not arg.star]
    last = layers[-1] if layers else None
    if (
        isinstance(last, cst.Call)
        and facts.qualify(last.func) in _MODULES
        and _is_zero(_layer_dim(last))
    ):
        yield Report(last, _batch_message("the layers before it"), help=_BATCH_FIX)


def _is_zero(dim: cst.BaseExpression | None) -> bool:
    return isinstance(dim, cst.Integer) and dim.value == "0"


def _batch_first(facts: ModuleFacts, data: cst.BaseExpression, call: Call) -> bool:
    """A model's output, whose dim 0 is the batch; not where the code shows a 1-D vector."""
    return _is_model_output(facts, data, call) and (
        rank_of(facts, data, call.scope, call.order) != 1
    )


def _is_model_output(
    facts: ModuleFacts, data: cst.BaseExpression, call: Call, depth: int = 0
) -> bool:
    """`model(x)`, or a name bound to it: batch-first scores, whose dim 0 is the batch."""
    return _model_output_at(facts, data, call.scope, call.order, depth)


def _model_output_at(
    facts: ModuleFacts, data: cst.BaseExpression, scope: Scope, order: int, depth: int
) -> bool:
    """Scores that come only from model outputs, or from parameters every call site of this
    file passes such scores (see `_score_sources`)."""
    sources = _score_sources(facts, data, scope, order, depth)
    return bool(sources) and all(
        name == _MODEL or _parameter_is_model_output(facts, name, where, depth)  # type: ignore[arg-type]
        for name, where in sources
    )


# A source of scores that is a model's output; other sources are parameters, by name.
_MODEL = ""
_Sources = frozenset[tuple[str, Scope | None]]


def _score_sources(
    facts: ModuleFacts, data: cst.BaseExpression, scope: Scope, order: int, depth: int
) -> _Sources | None:
    """Where the scores `data` come from: model calls (`model(x)`) and parameters of the
    function (with their scope), through names, a temperature (`logits / T`, `0.5 * logits`)
    and sums of scores (`(logits + model(flipped)) / 2`); None if anything else contributes."""
    if depth > _MAX_DEPTH:
        return None
    if isinstance(data, cst.BinaryOperation):
        return _combined_sources(facts, data, scope, order, depth)
    if isinstance(data, cst.Call):
        forward = any(c.node is data and is_forward(facts, c) for c in scope.calls)
        return frozenset({(_MODEL, None)}) if forward else None
    key = dotted(data)
    if key is None:
        return None
    binding = facts.resolve(key, scope, order)
    if binding is None:
        parameter = scope.kind == "function" and key in scope.params and key != "self"
        return frozenset({(key, scope)}) if parameter else None
    if binding.value is None or binding.augmented:
        return None
    return _score_sources(facts, binding.value, binding.scope, binding.order, depth + 1)


def _combined_sources(
    facts: ModuleFacts, data: cst.BinaryOperation, scope: Scope, order: int, depth: int
) -> _Sources | None:
    operator = data.operator
    if isinstance(operator, cst.Divide | cst.Multiply) and _is_scalar(data.right):
        return _score_sources(facts, data.left, scope, order, depth + 1)
    if isinstance(operator, cst.Multiply) and _is_scalar(data.left):
        return _score_sources(facts, data.right, scope, order, depth + 1)
    if isinstance(operator, cst.Add | cst.Subtract):
        left = _score_sources(facts, data.left, scope, order, depth + 1)
        right = _score_sources(facts, data.right, scope, order, depth + 1)
        return left | right if left and right else None
    return None


def _parameter_is_model_output(facts: ModuleFacts, name: str, scope: Scope, depth: int) -> bool:
    """`def kd_loss(self, student, teacher)`: every call of this file passes model outputs."""
    values = values_of(facts)
    summary = values.function_summary(scope)
    index = scope.params.index(name)
    sites = [c for c in facts.call_sites(scope) if c.scope is not scope]
    found = False
    for site in sites:
        bound = summary.is_method and site.receiver_key is not None
        argument = values.arguments(summary, bound, site.node).get(index)
        if argument is None or not _model_output_at(
            facts, argument, site.scope, site.order, depth + 1
        ):
            return False
        found = True
    return found


def _is_scalar(expr: cst.BaseExpression) -> bool:
    """A number or a name of one (a temperature): `logits / self.T`, not `x / x.sum(0)`."""
    return isinstance(expr, cst.Integer | cst.Float | cst.Name | cst.Attribute)


def _implicit_message(function: str, data: str) -> str:
    return (
        f"`{function}` without `dim` on `{data}`, a 3-D tensor, normalizes over dim 0, not over "
        f"the classes"
    )


def _batch_message(scores: str) -> str:
    return f"softmax over dim 0 of {scores} normalizes across the batch, not across classes"


_BATCH_FIX = (
    "Use `dim=1` (or `dim=-1`): each sample's probabilities now depend on the rest of the batch "
    "and do not sum to 1."
)
