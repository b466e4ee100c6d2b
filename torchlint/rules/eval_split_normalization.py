"""TL005: normalization statistics taken from validation/test data, or from data not yet split."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import libcst as cst

from torchlint.analysis import torch_api
from torchlint.analysis.facts import Binding, Call, ModuleFacts, Scope
from torchlint.analysis.names import dotted, last_name, mentions, words
from torchlint.analysis.training import given, is_none
from torchlint.analysis.values import (
    ClassValue,
    FunctionSummary,
    FunctionValue,
    Origin,
    Value,
    summary_run_by_calling,
    values_of,
)
from torchlint.analysis.walk import children
from torchlint.findings import Severity
from torchlint.rules.base import Report, Rule

# `test_loss.mean()` summarizes results; it is not a statistic of the data.
_NOT_DATA_WORDS = frozenset(
    [
        "loss",
        "losses",
        "acc",
        "accuracy",
        "score",
        "scores",
        "metric",
        "metrics",
        "pred",
        "preds",
        "prediction",
        "predictions",
        "error",
        "errors",
        "err",
        "f1",
        "auc",
        "result",
        "results",
        "time",
        "times",
        "size",
        "len",
        "count",
        "num",
        "n",
        "idx",
        "index",
        "ratio",
        "frac",
        "fraction",
        "split",
        "step",
        "steps",
        "freq",
        "interval",
        "every",
        "epoch",
        "epochs",
        "iter",
        "iters",
        "mode",
        "flag",
        "path",
        "dir",
        "file",
        "url",
        "name",
        "transform",
        "transforms",
        "sampler",
        "fn",
        "func",
        "logits",
        "output",
        "outputs",
        "out",
        "reward",
        "rewards",
        "return",
        "returns",
        "grad",
        "grads",
    ]
)
_STATISTIC_METHODS = frozenset({"mean", "std", "var", "nanmean", "nanstd"})
_STATISTIC_FUNCTIONS = frozenset(
    f"{lib}.{fn}"
    for lib in ("numpy", "torch")
    for fn in ("mean", "std", "var", "nanmean", "nanstd", "std_mean", "var_mean")
)
# Min-max scaling takes per-column extremes: `X.min(axis=0)`. Only an explicit axis 0 counts:
# `img.max()` is usually one sample's range, and `torch.max(a, b)` an elementwise maximum.
_EXTREME_METHODS = frozenset({"min", "max", "amin", "amax", "nanmin", "nanmax"})
_EXTREME_FUNCTIONS = frozenset(
    f"{lib}.{fn}" for lib in ("numpy", "torch") for fn in _EXTREME_METHODS
)
# Calls whose result is the same data in another container; any other call (a model) is not data.
_DATA_CONVERSIONS = frozenset(
    [
        "asarray",
        "array",
        "tensor",
        "as_tensor",
        "from_numpy",
        "stack",
        "cat",
        "concatenate",
        "vstack",
        "hstack",
        "TensorDataset",
        "DataFrame",
        "Subset",
        "float32",
        "copy",
        "deepcopy",
    ]
)
_FIT_METHODS = frozenset({"fit", "fit_transform", "partial_fit"})
_MAX_DEPTH = 4


@dataclass(frozen=True)
class Normalization:
    """Statistics taken from `data` (a stat call or a scaler fit) and used to normalize."""

    call: Call
    data: cst.BaseExpression
    scaler: str | None  # the scaler's source text for a fit, None for mean/std statistics
    helper: str | None = None  # a function or class that normalizes what `call` passes it
    # Where the function or class `call` runs normalizes the data it reads itself, and which part
    # of what the call gives holds that data (`(0,)`: the first element of a returned tuple).
    own: Origin | None = None
    own_part: tuple[int, ...] = ()


class EvalSplitNormalization(Rule):
    code = "TL005"
    name = "eval-split-normalization"
    severity = Severity.WARNING
    summary = "Normalization statistics come from validation/test data, or from data not yet split."

    def check(self, facts: ModuleFacts) -> Iterator[Report]:
        reported: set[tuple[int, str]] = set()  # mean and std of one split: one finding
        passed_sites: set[int] = set()  # calls whose evaluation data is reported in the callee
        for normalization in _normalizations(facts):
            call = normalization.call
            if normalization.own is not None:
                yield from _own_data_split(facts, normalization)
                continue
            concatenated = _concatenated_splits(facts, normalization.data, call.scope, call.order)
            if concatenated is not None:
                if (id(call.scope), "concat") not in reported:
                    reported.add((id(call.scope), "concat"))
                    message, help_text = _concat_message(normalization, facts.code(concatenated))
                    yield Report(
                        call.node,
                        message,
                        related=()
                        if _contains(call.node, concatenated)
                        else ((concatenated, "the splits are concatenated here"),),
                        help=help_text,
                    )
                continue
            if normalization.helper is not None and id(call.node) in passed_sites:
                continue  # reported inside the function it is passed to, naming this call
            source = _eval_split_source(facts, normalization.data, call.scope, call.order, 0)
            if source is not None:
                if source.site is not None:
                    passed_sites.add(id(source.site.node))
                if (id(call.scope), source.key) not in reported:
                    reported.add((id(call.scope), source.key))
                    message, help_text = _eval_split_message(normalization, source, facts)
                    yield Report(
                        call.node,
                        message,
                        related=()
                        if source.site is None
                        else ((source.site.node, f"`{source.key}` is passed in here"),),
                        help=help_text,
                    )
                continue
            earlier = _fit_before_on_training_data(facts, normalization)
            if earlier is not None:
                message, help_text = _refit_message(normalization, facts.line_ref(earlier.node))
                yield Report(
                    call.node,
                    message,
                    related=((earlier.node, "fit on the training data here"),),
                    help=help_text,
                )
                continue
            split = _later_split_of(facts, normalization)
            data = facts.code(normalization.data)
            if split is not None and (id(call.scope), data) not in reported:
                reported.add((id(call.scope), data))
                message, help_text = _before_split_message(
                    normalization, data, facts.line_ref(split.node)
                )
                yield Report(
                    call.node,
                    message,
                    related=((split.node, "the data is split here"),),
                    help=help_text,
                )


def _own_data_split(facts: ModuleFacts, normalization: Normalization) -> Iterator[Report]:
    split = _later_split_of(facts, normalization)
    own = normalization.own
    if split is not None and own is not None:
        data = min(_normalized_data_names(normalization))
        message, help_text = _own_data_message(normalization, data, facts.line_ref(split.node))
        yield Report(
            normalization.call.node,
            message,
            related=(
                (own, f"`{normalization.helper}` normalizes with the data's own statistics here"),
                (split.node, "the data is split here"),
            ),
            help=help_text,
        )


def _normalizations(facts: ModuleFacts) -> Iterator[Normalization]:
    """Statistics and scaler fits in this file, and calls of functions (or Dataset classes) of
    the project that normalize an argument with its own statistics."""
    yield from _direct_normalizations(facts, facts.all_calls())
    values = values_of(facts)
    for call in facts.all_calls():
        callee = values.value_of(call.node.func, call.scope, call.order)
        own = _own_data_summary(callee)
        if own is not None:
            helper = callee.name if isinstance(callee, ClassValue) else own.name
            yield Normalization(
                call, call.node, None, helper, own=own.normalizes_own, own_part=own.own_part
            )
        summary = _normalizing_summary(callee)
        if summary is None:
            continue
        bound = isinstance(callee, ClassValue) or (
            isinstance(callee, FunctionValue) and callee.bound is not None
        )
        arguments = values.arguments(summary, bound, call.node)
        unless = [(i, g) for i, g in summary.normalizes_unless if not given(arguments.get(g))]
        for index in sorted({*summary.normalizes, *(i for i, _ in unless)}):
            if index in arguments:
                helper = callee.name if isinstance(callee, ClassValue) else summary.name
                yield Normalization(call, arguments[index], None, helper=helper)
                break


def _own_data_summary(callee: Value | None) -> FunctionSummary | None:
    """The summary of a function (or a Dataset's `__init__`) whose result holds data it reads
    itself, normalized with that data's own statistics."""
    summary = summary_run_by_calling(callee)
    return summary if summary is not None and summary.normalizes_own is not None else None


def _normalizing_summary(callee: Value | None) -> FunctionSummary | None:
    summary = summary_run_by_calling(callee)
    normalizes = summary is not None and (summary.normalizes or summary.normalizes_unless)
    return summary if normalizes else None


def normalized_parameters(
    facts: ModuleFacts, function: Scope
) -> tuple[frozenset[int], tuple[tuple[int, int], ...]]:
    """Parameters `function` normalizes with their own statistics (`(x - x.mean()) / x.std()`,
    `scaler.fit(x)` of a local `x` computed from one), and those it normalizes so only when a
    parameter is not passed: `(normalized, skipping)` for a fit under `if scaler is None:`."""
    always: set[int] = set()
    unless: set[tuple[int, int]] = set()
    for n in _direct_normalizations(facts, function.calls):
        roots = _param_roots(facts, n.data, function) | _params_reaching(facts, n, function)
        guard = _parameter_left_out(function, n.call)
        for key in roots:
            if guard is None:
                always.add(function.params.index(key))
            elif guard != key:
                unless.add((function.params.index(key), function.params.index(guard)))
    return frozenset(always), tuple(sorted(unless))


def _params_reaching(facts: ModuleFacts, normalization: Normalization, function: Scope) -> set[str]:
    """The parameters the normalized data is computed from through local names (`x =
    df[cols].fillna(0)`), not through a cut of their rows (statistics of a train part)."""
    found: set[str] = set()
    stack = [(key, normalization.call.order) for key in _data_keys(normalization.data)]
    seen: set[tuple[str, int]] = set()  # `x = x.fillna(0)` reads the `x` bound before it
    while stack:
        key, order = stack.pop()
        head = key.split(".")[0]
        if (head, order) in seen or head == "self":
            continue
        seen.add((head, order))
        if head in function.params:
            found.add(head)
            continue
        binding = facts.resolve(head, function, order)
        if binding is None or binding.scope is not function or binding.origin is None:
            continue
        origin_keys = _data_keys(binding.origin)
        if not _cuts(binding.origin, {k.split(".")[0] for k in origin_keys}):
            stack.extend((k, binding.order) for k in origin_keys)
    return found


def _parameter_left_out(function: Scope, call: Call) -> str | None:
    """`scaler` when `call` runs only under `if scaler is None:` (or `if not scaler:`) and
    `scaler` is a parameter that defaults to None: callers that pass one skip it."""
    node = function.node
    if not isinstance(node, cst.FunctionDef):
        return None
    defaults_none = {
        p.name.value
        for p in (*node.params.params, *node.params.kwonly_params)
        if p.default is not None and is_none(p.default)
    }
    if not defaults_none:
        return None
    stack: list[cst.CSTNode] = [node.body]
    while stack:
        current = stack.pop()
        if isinstance(current, cst.If):
            name = _none_tested(current.test, negated=True)
            if name in defaults_none and _contains(current.body, call.node):
                return name
        if not isinstance(current, cst.FunctionDef | cst.ClassDef | cst.Lambda):
            stack.extend(children(current))
    return None


def _none_tested(test: cst.BaseExpression, negated: bool = False) -> str | None:
    """`x` for `x is None` (and, if `negated`, for `not x`)."""
    if negated and isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        return test.expression.value if isinstance(test.expression, cst.Name) else None
    if (
        isinstance(test, cst.Comparison)
        and isinstance(test.left, cst.Name)
        and len(test.comparisons) == 1
        and isinstance(test.comparisons[0].operator, cst.Is)
        and is_none(test.comparisons[0].comparator)
    ):
        return test.left.value
    return None


def split_parameters(facts: ModuleFacts, function: Scope) -> frozenset[int]:
    """Parameters `function` returns cut into two or more parts: `return X[idx[:n]], X[idx[n:]]`
    (also through names: `x_tr = X[tr]; ...; return x_tr, x_te`), or `train_test_split(X, ...)`."""
    found: set[int] = set()
    for param in function.params:
        if param == "self":
            continue
        for value, order in function.returns:
            if value is not None and _returns_split_of(facts, value, param, function, order):
                found.add(function.params.index(param))
                break
    return frozenset(found)


def _returns_split_of(
    facts: ModuleFacts, value: cst.BaseExpression, param: str, function: Scope, order: int
) -> bool:
    if isinstance(value, cst.Call):
        name = facts.qualify(value.func) or dotted(value.func) or ""
        first = value.args[0].value if value.args and value.args[0].keyword is None else None
        return (
            (name in torch_api.SPLIT_FUNCTIONS or last_name(name) in _SPLIT_FUNCTION_NAMES)
            and first is not None
            and param in _data_keys(first)
        )
    if not isinstance(value, cst.Tuple):
        return False
    parts = 0
    for element in value.elements:
        part = element.value
        key = dotted(part)
        if key is not None:
            binding = facts.resolve(key, function, order)
            part = binding.value if binding is not None and binding.value is not None else part
        parts += _cuts(part, {param})
    return parts >= 2


_SPLIT_FUNCTION_NAMES = ("train_test_split", "random_split")


def own_data_normalized(
    facts: ModuleFacts, function: Scope
) -> tuple[Origin, tuple[int, ...]] | None:
    """Where `function` normalizes all the data it reads itself (from a file, not a parameter)
    with that data's own statistics, data that what calling it gives holds: the dataset a
    Dataset's `__init__` builds, or the part of its return value it names (see
    `_returned_part`). Splitting that data later leaks the statistics."""
    init = function.name == "__init__" and function.klass is not None
    if not init and not function.returns:
        return None
    for n in _direct_normalizations(facts, function.calls):
        keys = set(_data_keys(n.data))
        if (
            not keys
            or _cuts(n.data, keys)
            or _param_roots(facts, n.data, function)
            or _derived_from_parameters(facts, n, function)
        ):
            continue
        part = () if init else _returned_part(n, function)
        if part is not None:
            return Origin(n.call.node), part
    return None


def _returned_part(normalization: Normalization, function: Scope) -> tuple[int, ...] | None:
    """Which part of what `function` returns holds the data `normalization` normalizes, under
    its own names or those bound from it (`X = scaler.fit_transform(X)`, `Xn = (X - mu) / sd`):
    `()` for the returned value itself, `(i,)` for element `i` of a returned tuple; None if no
    return after it gives that data."""
    call = normalization.call
    names = set(_data_keys(normalization.data)) | {b.key for b in _bindings_of_value(call)}
    names |= _derived_names(function, names, call.order)
    for value, order in function.returns:
        if value is None or (order < call.order and not _contains(value, call.node)):
            continue
        if isinstance(value, cst.Tuple):
            for index, element in enumerate(value.elements):
                if _reads(element.value, names):
                    return (index,)
        elif _reads(value, names):
            return ()
    return None


def _reads(expr: cst.BaseExpression, names: set[str]) -> bool:
    """Whether `expr` is (a view of) data under one of `names`: `X.astype(np.float32)`."""
    return any(key.split(".")[0] in names or key in names for key in _data_keys(expr))


def _derived_from_parameters(
    facts: ModuleFacts, normalization: Normalization, function: Scope
) -> bool:
    """Whether the normalized data is (a view of) a parameter through local names
    (`x = features.float()`), or rows picked out of what it reads (`df[df.split == "train"]`)."""
    stack = [(key, normalization.call.order) for key in _data_keys(normalization.data)]
    seen: set[str] = set()
    while stack:
        key, order = stack.pop()
        head = key.split(".")[0]
        if head in seen or head == "self":
            continue
        seen.add(head)
        if head in function.params:
            return True
        binding = facts.resolve(head, function, order)
        if binding is not None and binding.scope is function and binding.origin is not None:
            origin_keys = _data_keys(binding.origin)
            if _cuts(binding.origin, {k.split(".")[0] for k in origin_keys}):
                return True
            stack.extend((k, binding.order) for k in origin_keys)
    return False


def _params_normalized(facts: ModuleFacts, scope: Scope, found: list[Normalization]) -> bool:
    return scope.kind == "function" and any(
        _param_roots(facts, n.data, scope) for n in found if n.helper is None
    )


def _param_roots(facts: ModuleFacts, data: cst.BaseExpression, function: Scope) -> set[str]:
    roots = set()
    for key in _data_keys(data):
        head = key.split(".")[0]
        if head in function.params and head != "self":
            roots.add(head)
        elif key.startswith("self.") and function.name == "__init__":
            binding = facts.resolve(key, function, function.end)
            if binding is not None and binding.value is not None:
                roots |= _param_roots(facts, binding.value, function)
    return roots


def _direct_normalizations(facts: ModuleFacts, calls: Iterable[Call]) -> Iterator[Normalization]:
    for call in calls:
        if call.method in _FIT_METHODS:
            data = call.positional(0)
            receiver = call.receiver
            if data is not None and receiver is not None and _is_scaler(facts, receiver, call):
                yield Normalization(call, data, facts.code(receiver))
            continue
        data = _statistic_input(call)
        if data is not None and _used_to_normalize(facts, call):
            yield Normalization(call, data, None)


def _statistic_input(call: Call) -> cst.BaseExpression | None:
    """The data a dataset statistic is taken over; None for per-sample statistics."""
    if call.qualname in _STATISTIC_FUNCTIONS:
        if not _over_samples(call.argument(1, "axis") or call.keyword("dim")):
            return None
        return call.argument(0, "input") or call.keyword("a")
    if call.method in _STATISTIC_METHODS and call.qualname is None:
        if not _over_samples(call.argument(0, "axis") or call.keyword("dim")):
            return None
        return call.receiver
    if call.qualname in _EXTREME_FUNCTIONS:
        if not _is_zero(call.argument(1, "axis") or call.keyword("dim")):
            return None
        return call.argument(0, "input") or call.keyword("a")
    if call.method in _EXTREME_METHODS and call.qualname is None:
        if not _is_zero(call.argument(0, "axis") or call.keyword("dim")):
            return None
        return call.receiver
    return None


def _is_zero(axis: cst.BaseExpression | None) -> bool:
    return isinstance(axis, cst.Integer) and axis.value == "0"


def _over_samples(axis: cst.BaseExpression | None) -> bool:
    """Whether a reduction runs over dim 0, the samples: no axis, 0, or a tuple holding 0.
    `window.mean(axis=-1)` normalizes each sample by itself, which leaks nothing."""
    if axis is None or isinstance(axis, cst.Name | cst.Attribute):
        return True
    if isinstance(axis, cst.Integer):
        return axis.value == "0"
    if isinstance(axis, cst.Tuple | cst.List):
        return any(isinstance(e.value, cst.Integer) and e.value.value == "0" for e in axis.elements)
    return False


def _is_scaler(facts: ModuleFacts, receiver: cst.BaseExpression, call: Call) -> bool:
    if isinstance(receiver, cst.Call):
        return _constructs_scaler(facts, receiver)
    key = dotted(receiver)
    if key is None:
        return False
    binding = facts.resolve(key, call.scope, call.order)
    if binding is not None and isinstance(binding.value, cst.Call):
        return _constructs_scaler(facts, binding.value) or _project_scaler(
            facts, binding.value, binding.scope, binding.order
        )
    return bool({"scaler", "normalizer"}.intersection(words(last_name(key))))


def _constructs_scaler(facts: ModuleFacts, call: cst.Call) -> bool:
    name = facts.qualify(call.func) or dotted(call.func) or ""
    return last_name(name).endswith(torch_api.SCALER_CLASS_SUFFIXES)


def _project_scaler(facts: ModuleFacts, call: cst.Call, scope: Scope, order: int) -> bool:
    """`Standardizer()`, a class of the project whose `fit` keeps its input's statistics."""
    klass = values_of(facts).value_of(call.func, scope, order)
    if not isinstance(klass, ClassValue):
        return False
    fit = dict(klass.methods).get("fit")
    return fit is not None and bool(fit.normalizes)


def _used_to_normalize(facts: ModuleFacts, stat: Call) -> bool:
    """`(x - x.mean()) / x.std()`, or `mean = ...` later passed to Normalize or subtracted from
    the data. `1.0 / mse`, `rmse / target.std()` (a metric over a statistic) and the mean of an
    error (`((a - b) ** 2).mean()`) are not normalization."""
    data = _statistic_input(stat)
    if data is None or _is_error_term(data):
        return False
    heads = {key.split(".")[0] for key in _data_keys(data)}
    # Statistics of `full = np.concatenate([train, test])` normalize its parts: `train - mean`.
    concatenation = _concatenation(facts, data, stat.scope, stat.order)
    if concatenation is not None:
        parts = _concatenated_parts(concatenation)
        heads |= {key.split(".")[0] for part in parts for key in _data_keys(part)}
    arithmetic = [u for u in facts.arithmetic if _shifts_data(u.node.left, heads)]
    for use in arithmetic:
        if use.contains(stat.order) and _contains(use.node.right, stat.node):
            return True
    klass = stat.scope.klass
    for binding in _bindings_of_value(stat):
        # `self.mean = x.mean(0)` in `fit`, `(x - self.mean)` in `transform`: a scaler class.
        on_self = klass is not None and binding.key.startswith("self.")
        for use in arithmetic if not on_self else facts.arithmetic:
            here = use.scope is stat.scope and use.order > binding.order
            if (here or (on_self and use.scope.klass is klass)) and mentions(
                use.node.right, binding.key
            ):
                return True
        for call in facts.all_calls():
            normalizes = call.qualname in torch_api.NORMALIZE_TRANSFORMS
            if normalizes and call.order > binding.order and mentions(call.node, binding.key):
                return True
    return False


def _shifts_data(left: cst.BaseExpression, heads: set[str]) -> bool:
    """Whether the data itself (not a reduction of it: `sqrt(mse(a, b))`) is the left operand."""
    stack: list[cst.CSTNode] = [left]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Name) and node.value in heads:
            return True
        if isinstance(node, cst.Call) and _reduction_name(node.func) in _REDUCTIONS:
            continue
        stack.extend(children(node))
    return False


def _reduction_name(func: cst.BaseExpression) -> str:
    if isinstance(func, cst.Attribute):
        return func.attr.value  # `((a - b) ** 2).mean`, `torch.mean`
    return last_name(dotted(func) or "")


_REDUCTIONS = _STATISTIC_METHODS | _EXTREME_METHODS | {"sum", "item", "norm", "mse_loss", "l1_loss"}


def _is_error_term(data: cst.BaseExpression | None) -> bool:
    """`(pred - target) ** 2`, `abs(a - b)`, `torch.abs(a - b)`: a per-element error."""
    if isinstance(data, cst.BinaryOperation) and isinstance(data.operator, cst.Power):
        data = data.left
    elif isinstance(data, cst.Call) and isinstance(data.func, cst.Attribute | cst.Name):
        if isinstance(data.func, cst.Attribute) and data.func.attr.value == "abs" and not data.args:
            data = data.func.value  # `(a - b).abs()`
        elif last_name(dotted(data.func) or "") == "abs" and data.args:
            data = data.args[0].value  # `torch.abs(a - b)`
        else:
            return False
    else:
        return False
    return isinstance(data, cst.BinaryOperation) and isinstance(data.operator, cst.Subtract)


def _bindings_of_value(stat: Call) -> Iterator[Binding]:
    """Bindings whose value contains the statistic: `mean = x.mean()`, `mean += x.mean()`."""
    for bindings in stat.scope.bindings.values():
        for binding in bindings:
            if binding.origin is not None and binding.contains(stat.order):
                yield binding


@dataclass(frozen=True)
class EvalSource:
    """The validation/test data `key` a normalization reaches; `site`: the call that passes it
    into the function holding the normalization (`self.evaluate(X_val)`), if it is passed."""

    key: str
    site: Call | None = None


def _eval_split_source(
    facts: ModuleFacts, data: cst.BaseExpression, scope: Scope, order: int, depth: int
) -> EvalSource | None:
    """The validation/test name that `data` comes from, following names, loops, attributes and
    the parameters of the enclosing function to its call sites in this file."""
    if depth > _MAX_DEPTH:
        return None
    for key in _data_keys(data):
        for part in key.split("."):
            parts = words(part)
            if torch_api.EVAL_SPLIT_WORDS.intersection(parts) and not _NOT_DATA_WORDS.intersection(
                parts
            ):
                return EvalSource(key)
        head = key.split(".")[0]
        binding = facts.resolve(head, scope, order)
        # `[standardize(x) for x in test_images]` normalizes each sample by itself: no leak.
        per_element = binding is not None and isinstance(binding.node, cst.CompFor)
        if binding is not None and binding.origin is not None and not per_element:
            found = _eval_split_source(
                facts, binding.origin, binding.scope, binding.order, depth + 1
            )
            if found is not None:
                return found
        elif binding is None and head != "self" and head in scope.params:
            found = _passed_eval_split(facts, scope, scope.params.index(head), depth)
            if found is not None:
                return found
    return None


def _passed_eval_split(
    facts: ModuleFacts, function: Scope, index: int, depth: int
) -> EvalSource | None:
    """Evaluation data passed for parameter `index` of `function`: `evaluate(X_val)`, or
    `self.evaluate(X_val)` from another method of its class."""
    if function.kind != "function":
        return None
    values = values_of(facts)
    summary = values.function_summary(function)
    supplied = _statistics_parameters(function)
    for site in _direct_call_sites(facts, function):
        arguments = values.arguments(summary, function.klass is not None, site.node)
        argument = arguments.get(index)
        if argument is None or any(given(arguments.get(i)) for i in supplied):
            continue  # `to_dataset(val_df, stats=train_stats)`: no statistics of its own
        found = _eval_split_source(facts, argument, site.scope, site.order, depth + 1)
        if found is not None:
            return EvalSource(found.key, site)
    return None


def _statistics_parameters(function: Scope) -> set[int]:
    """Parameters that replace the statistics a function would compute: `if stats is None:
    stats = (x.mean(0), x.std(0))`. A caller that passes them computes nothing here."""
    found: set[int] = set()
    pending: list[cst.CSTNode] = [function.node]
    while pending:
        node = pending.pop()
        if isinstance(node, cst.If):
            name = _none_tested(node.test)
            if name in function.params and _computes_statistics(node.body):
                found.add(function.params.index(name))
        if isinstance(node, cst.FunctionDef | cst.IndentedBlock | cst.If | cst.Else):
            pending.extend(children(node))
        elif isinstance(node, cst.For | cst.While | cst.With | cst.Try):
            pending.append(node.body)
    return found


_COMPUTING_STATISTICS = _STATISTIC_METHODS | _EXTREME_METHODS | {"fit", "fit_transform"}


def _computes_statistics(block: cst.BaseSuite) -> bool:
    pending: list[cst.CSTNode] = [block]
    while pending:
        node = pending.pop()
        if isinstance(node, cst.Call):
            func = node.func
            if isinstance(func, cst.Attribute) and func.attr.value in _COMPUTING_STATISTICS:
                return True
        pending.extend(children(node))
    return False


def _direct_call_sites(facts: ModuleFacts, function: Scope) -> Iterator[Call]:
    """Calls of a function by its name, or of a method through `self` in its own class: the
    calls that surely reach it (`scaler.fit(X)` may be any class's `fit`)."""
    for site in facts.call_sites(function):
        if site.scope is function:
            continue
        if function.klass is None or (
            site.receiver_key == "self" and site.scope.klass is function.klass
        ):
            yield site


def _fit_before_on_training_data(facts: ModuleFacts, normalization: Normalization) -> Call | None:
    """`scaler.fit_transform(tr_df)`, then `scaler.fit_transform(va_df)`: the scaler fit on the
    training data is fit again, on other data, so that data gets its own statistics."""
    call = normalization.call
    receiver = call.receiver
    key = dotted(receiver) if receiver is not None and normalization.helper is None else None
    if key is None or normalization.scaler is None or _names_training_data(normalization.data):
        return None
    scaler = facts.resolve(key, call.scope, call.order)
    for earlier in call.scope.calls:
        if earlier.order >= call.order or earlier.method not in _FIT_METHODS:
            continue
        data = earlier.positional(0)
        if (
            data is not None
            and earlier.receiver is not None
            and dotted(earlier.receiver) == key
            and facts.resolve(key, call.scope, earlier.order) is scaler
            and _names_training_data(data)
        ):
            return earlier
    return None


def _names_training_data(data: cst.BaseExpression) -> bool:
    return any(
        _TRAIN_NAME_WORDS.intersection(words(part))
        for key in _data_keys(data)
        for part in key.split(".")
    )


_TRAIN_NAME_WORDS = torch_api.TRAIN_SPLIT_WORDS | {"tr"}


def _data_keys(expr: cst.BaseExpression) -> list[str]:
    """Dotted names `expr` reads its data from: `test_set.data` in `test_set.data.float() / 255`."""
    keys: list[str] = []
    stack: list[cst.BaseExpression] = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Attribute) and node.attr.value in ("loc", "iloc"):
            node = node.value  # `df.loc[rows]` reads `df`
        key = dotted(node)
        if key is not None:
            keys.append(key)
        elif isinstance(node, cst.Call):
            positional = [a for a in node.args if a.keyword is None]
            if isinstance(node.func, cst.Attribute) and (
                node.func.attr.value not in _DATA_CONVERSIONS or not positional
            ):
                stack.append(node.func.value)  # `x.fillna(0)`, `df[cols].copy()`: `x`, `df`
            elif last_name(dotted(node.func) or "") in _DATA_CONVERSIONS:
                stack.extend(a.value for a in node.args[:1])
        elif isinstance(node, cst.Attribute | cst.Subscript):
            stack.append(node.value)
        elif isinstance(node, cst.BinaryOperation):
            stack.extend((node.left, node.right))
        elif isinstance(node, cst.List | cst.Tuple):  # `np.hstack([numeric, categorical])`
            stack.extend(e.value for e in node.elements)
    return keys


def _derived_names(scope: Scope, names: set[str], after: int) -> set[str]:
    """Names bound later to the same data in another container: `full = TensorDataset(X, y)`."""
    derived = set(names)
    for _ in range(2):
        for key, bindings in scope.bindings.items():
            if key not in derived and any(
                b.order > after and b.value is not None and derived & set(_data_keys(b.value))
                for b in bindings
            ):
                derived.add(key)
    return derived - names


def _sliced_into_splits(scope: Scope, names: set[str], after: int) -> Binding | None:
    """`X_train, X_test = X[:n], X[n:]`, `train_x = x[perm[:cut]]`: named splits of `names`."""
    for key, bindings in scope.bindings.items():
        parts = {w for part in key.split(".") for w in words(part)}
        if not (parts & _SPLIT_NAME_WORDS):
            continue
        for binding in bindings:
            if binding.order <= after:
                continue
            value = binding.value
            unpacked = binding.unpack is not None and binding.unpacks_origin
            if unpacked and isinstance(binding.origin, cst.Tuple):
                value = _element(binding.origin, binding.unpack)  # type: ignore[arg-type]
            if value is not None and _cuts(value, names):
                return binding
    return None


_SPLIT_NAME_WORDS = torch_api.TRAIN_SPLIT_WORDS | {"tr", "te", "tst"} | torch_api.EVAL_SPLIT_WORDS


def _element(value: cst.BaseExpression, path: tuple[int, ...]) -> cst.BaseExpression | None:
    for index in path:
        if not isinstance(value, cst.Tuple | cst.List) or index >= len(value.elements):
            return None
        value = value.elements[index].value
    return value


def _cuts(value: cst.BaseExpression, names: set[str]) -> bool:
    """`X[:n]`, `X[idx]`, `X.iloc[train_ids]`, `scaler.transform(X[test_idx])`: rows of `names`."""
    stack: list[cst.CSTNode] = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Subscript) and _takes_rows(node, names):
            return True
        if not isinstance(node, cst.Lambda):
            stack.extend(children(node))
    return False


def _takes_rows(subscript: cst.Subscript, names: set[str]) -> bool:
    owner = subscript.value
    if isinstance(owner, cst.Attribute) and owner.attr.value in ("iloc", "loc"):
        owner = owner.value
    if dotted(owner) not in names or not subscript.slice:
        return False
    first = subscript.slice[0].slice
    if isinstance(first, cst.Slice):
        return first.lower is not None or first.upper is not None
    if not isinstance(first, cst.Index):
        return False
    index = first.value
    if isinstance(index, cst.Subscript):  # `X[perm[:cut]]`
        return True
    key = dotted(index)
    # `X[train_idx]` selects rows; `df[NUMERIC_COLS]` selects columns.
    return key is not None and bool(
        _ROW_INDEX_WORDS.intersection(w for part in key.split(".") for w in words(part))
    )


_ROW_INDEX_WORDS = (
    frozenset("idx index indices ids perm permutation mask rows sel selection fold".split())
    | torch_api.TRAIN_SPLIT_WORDS
    | torch_api.EVAL_SPLIT_WORDS
)


def _concatenated_splits(
    facts: ModuleFacts, data: cst.BaseExpression, scope: Scope, order: int
) -> cst.Call | None:
    """`np.concatenate([X_train, X_test])`: statistics over training and evaluation data, also
    through names (`both = pd.concat([train_df, test_df])`, then `scaler.fit(both[cols])`)."""
    concatenation = _concatenation(facts, data, scope, order)
    if concatenation is None:
        return None
    split_words = [
        {w for k in _data_keys(part) for p in k.split(".") for w in words(p)}
        for part in _concatenated_parts(concatenation)
    ]
    if any(ws & torch_api.EVAL_SPLIT_WORDS for ws in split_words) and any(
        ws & torch_api.TRAIN_SPLIT_WORDS for ws in split_words
    ):
        return concatenation
    return None


def _concatenation(
    facts: ModuleFacts, data: cst.BaseExpression, scope: Scope, order: int
) -> cst.Call | None:
    """The concatenation `data` is all of, following names, attributes and methods. Rows cut out
    of it (`full.iloc[:n_train]`) are the training part alone."""
    node, depth = data, 0
    while True:
        if isinstance(node, cst.Call) and last_name(dotted(node.func) or "") in _CONCATENATIONS:
            return node
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
            node = node.func.value
        elif isinstance(node, cst.Attribute) or (
            isinstance(node, cst.Subscript) and not _is_row_cut(node)
        ):
            node = node.value
        elif isinstance(node, cst.Name) and depth < _MAX_DEPTH:
            binding = facts.resolve(node.value, scope, order)
            if binding is None or binding.value is None or binding.unpack is not None:
                return None
            node, scope, order, depth = binding.value, binding.scope, binding.order, depth + 1
        else:
            return None


def _concatenated_parts(concatenation: cst.Call) -> list[cst.BaseExpression]:
    parts = concatenation.args[0].value if concatenation.args else None
    return [e.value for e in parts.elements] if isinstance(parts, cst.List | cst.Tuple) else []


def _is_row_cut(subscript: cst.Subscript) -> bool:
    owner = subscript.value
    if isinstance(owner, cst.Attribute) and owner.attr.value in ("iloc", "loc"):
        owner = owner.value
    key = dotted(owner)
    return key is not None and _takes_rows(subscript, {key})


_CONCATENATIONS = frozenset({"concatenate", "cat", "concat", "vstack", "hstack", "row_stack"})


def _later_split_of(facts: ModuleFacts, normalization: Normalization) -> Call | Binding | None:
    """`train_test_split(X, ...)` after statistics were taken from all of `X`."""
    call = normalization.call
    names = _normalized_data_names(normalization)
    if not names:
        return None
    if _cuts(normalization.data, names):
        return None  # fit on rows already taken out (`X[train_idx]`): a split came first
    names |= _derived_names(call.scope, names, call.order)
    sliced = _sliced_into_splits(call.scope, names, call.order)
    if sliced is not None:
        return sliced
    values = values_of(facts)
    for later in call.scope.calls:
        if later.order <= call.order:
            continue
        callee = values.value_of(later.node.func, later.scope, later.order)
        if isinstance(callee, FunctionValue) and callee.summary.splits:
            arguments = values.arguments(callee.summary, callee.bound is not None, later.node)
            if any(
                names.intersection(_data_keys(arguments[i]))
                for i in callee.summary.splits
                if i in arguments
            ):
                return later
        name = later.qualname or later.key or ""
        if name in torch_api.SPLIT_FUNCTIONS or last_name(name) in (
            "train_test_split",
            "random_split",
        ):
            first = later.positional(0)
            if first is not None and names.intersection(_data_keys(first)):
                return later
    return None


def _normalized_data_names(normalization: Normalization) -> set[str]:
    """The names holding the normalized data: its own and those its statement binds; for data
    the function called reads itself, those bound to the part of the result that holds it (`X`
    in `X, y = load_data(path)`)."""
    call = normalization.call
    bound = _bindings_of_value(call)
    if normalization.own is not None:
        part = normalization.own_part
        return {
            b.key
            for b in bound
            if b.unpacks_origin and (b.unpack or ()) == part and _result_of(b.origin, call.node)
        }
    return set(_data_keys(normalization.data)) | {b.key for b in bound}


def _result_of(expr: cst.BaseExpression | None, call: cst.Call) -> bool:
    """Whether `expr` is what `call` gives, maybe through methods (`load(path).astype(...)`):
    not one result per element (`[load(p) for p in paths]`, each normalized by itself)."""
    while isinstance(expr, cst.Call) and expr is not call and isinstance(expr.func, cst.Attribute):
        expr = expr.func.value
    return expr is call


def _contains(tree: cst.CSTNode, target: cst.CSTNode) -> bool:
    stack = [tree]
    while stack:
        node = stack.pop()
        if node is target:
            return True
        stack.extend(children(node))
    return False


def _what(normalization: Normalization) -> str:
    if normalization.helper is not None:
        return f"`{normalization.helper}` normalizes its input with the input's own statistics"
    if normalization.scaler is not None:
        return f"`{normalization.scaler}` is fit"
    return "statistics are computed"


_OPTIMISTIC = (
    "evaluation uses information it should not have, so the reported accuracy is optimistic."
)


def _concat_message(normalization: Normalization, data: str) -> tuple[str, str]:
    return (
        f"{_what(normalization)} on `{data}`, training and evaluation data together",
        f"Fit the normalization on the training split only and apply it to the others: "
        f"{_OPTIMISTIC}",
    )


def _eval_split_message(
    normalization: Normalization, source: EvalSource, facts: ModuleFacts
) -> tuple[str, str]:
    data = f"`{source.key}`"
    if source.site is not None:
        callee = last_name(source.site.key or "")
        data += f", passed to `{callee}` on {facts.line_ref(source.site.node)}"
    what = (
        f"`{normalization.scaler}` is fit on evaluation data ({data})"
        if normalization.scaler is not None
        else f"normalization statistics are computed on evaluation data ({data})"
    )
    if normalization.helper is not None:
        what = (
            f"`{normalization.helper}` normalizes evaluation data ({data}) with its own statistics"
        )
    return (
        what,
        f"Compute the statistics (or fit the scaler) on the training split and only apply them "
        f"(`.transform`) to validation/test data: {_OPTIMISTIC}",
    )


def _refit_message(normalization: Normalization, fit_line: str) -> tuple[str, str]:
    scaler = normalization.scaler
    return (
        f"`{scaler}` was fit on the training data on {fit_line} and is fit again here",
        f"Keep the training fit and only apply it here (`{scaler}.transform(...)`): {_OPTIMISTIC}",
    )


def _own_data_message(normalization: Normalization, data: str, split_line: str) -> tuple[str, str]:
    # Where the helper normalizes is a related note.
    return (
        f"`{normalization.helper}` normalizes the data it reads with that data's own statistics, "
        f"and `{data}`, which holds it, is split into train and validation on {split_line}",
        f"Compute the statistics on the training part only and pass them in: {_OPTIMISTIC}",
    )


def _before_split_message(
    normalization: Normalization, data: str, split_line: str
) -> tuple[str, str]:
    return (
        f"{_what(normalization)} on all of `{data}` before it is split into train and test on "
        f"{split_line}",
        f"Split first, then fit the normalization on the training part only: {_OPTIMISTIC}",
    )
