"""TL005: normalization statistics taken from validation/test data, or from data not yet split."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import libcst as cst

from torchlint.analysis import torch_api
from torchlint.analysis.facts import Binding, Call, ModuleFacts, Scope
from torchlint.analysis.names import dotted, last_name, mentions, words
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


class EvalSplitNormalization(Rule):
    code = "TL005"
    name = "eval-split-normalization"
    severity = Severity.WARNING
    summary = "Normalization statistics come from validation/test data, or from data not yet split."

    def check(self, facts: ModuleFacts) -> Iterator[Report]:
        reported: set[tuple[int, str]] = set()  # mean and std of one split: one finding
        for normalization in _normalizations(facts):
            call = normalization.call
            split_key = _eval_split_source(facts, normalization.data, call.scope, call.order, 0)
            if split_key is not None:
                if (id(call.scope), split_key) not in reported:
                    reported.add((id(call.scope), split_key))
                    yield Report(call.node, _eval_split_message(normalization, split_key))
                continue
            split = _later_split_of(facts, normalization)
            data = facts.code(normalization.data)
            if split is not None and (id(call.scope), data) not in reported:
                reported.add((id(call.scope), data))
                yield Report(
                    call.node,
                    _before_split_message(normalization, data, facts.line_ref(split.node)),
                    related=((split.node, "the data is split here"),),
                )


def _normalizations(facts: ModuleFacts) -> Iterator[Normalization]:
    for call in facts.all_calls():
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
    if call.qualname in _STATISTIC_FUNCTIONS:
        return call.argument(0, "input") or call.keyword("a")
    if call.method in _STATISTIC_METHODS and call.qualname is None:
        return call.receiver
    return None


def _is_scaler(facts: ModuleFacts, receiver: cst.BaseExpression, call: Call) -> bool:
    if isinstance(receiver, cst.Call):
        return _constructs_scaler(facts, receiver)
    key = dotted(receiver)
    if key is None:
        return False
    binding = facts.resolve(key, call.scope, call.order)
    if binding is not None and isinstance(binding.value, cst.Call):
        return _constructs_scaler(facts, binding.value)
    return bool({"scaler", "normalizer"}.intersection(words(last_name(key))))


def _constructs_scaler(facts: ModuleFacts, call: cst.Call) -> bool:
    name = facts.qualify(call.func) or dotted(call.func) or ""
    return last_name(name).endswith(torch_api.SCALER_CLASS_SUFFIXES)


def _used_to_normalize(facts: ModuleFacts, stat: Call) -> bool:
    """`(x - x.mean()) / x.std()`, or `mean = ...` later passed to Normalize or subtracted."""
    for use in facts.arithmetic:
        if use.contains(stat.order) and _contains(use.node.right, stat.node):
            return True
    for binding in _bindings_of_value(stat):
        for use in facts.arithmetic:
            if (
                use.scope is stat.scope
                and use.order > binding.order
                and mentions(use.node.right, binding.key)
            ):
                return True
        for call in facts.all_calls():
            normalizes = call.qualname in torch_api.NORMALIZE_TRANSFORMS
            if normalizes and call.order > binding.order and mentions(call.node, binding.key):
                return True
    return False


def _bindings_of_value(stat: Call) -> Iterator[Binding]:
    """Bindings whose value contains the statistic: `mean = x.mean()`, `mean += x.mean()`."""
    for bindings in stat.scope.bindings.values():
        for binding in bindings:
            if binding.origin is not None and binding.contains(stat.order):
                yield binding


def _eval_split_source(
    facts: ModuleFacts, data: cst.BaseExpression, scope: Scope, order: int, depth: int
) -> str | None:
    """The validation/test name that `data` comes from, following names, loops and attributes."""
    if depth > _MAX_DEPTH:
        return None
    for key in _data_keys(data):
        for part in key.split("."):
            parts = words(part)
            if torch_api.EVAL_SPLIT_WORDS.intersection(parts) and not _NOT_DATA_WORDS.intersection(
                parts
            ):
                return key
        binding = facts.resolve(key.split(".")[0], scope, order)
        if binding is not None and binding.origin is not None:
            found = _eval_split_source(
                facts, binding.origin, binding.scope, binding.order, depth + 1
            )
            if found is not None:
                return found
    return None


def _data_keys(expr: cst.BaseExpression) -> list[str]:
    """Dotted names `expr` reads its data from: `test_set.data` in `test_set.data.float() / 255`."""
    keys: list[str] = []
    stack: list[cst.BaseExpression] = [expr]
    while stack:
        node = stack.pop()
        key = dotted(node)
        if key is not None:
            keys.append(key)
        elif isinstance(node, cst.Call):
            if (
                isinstance(node.func, cst.Attribute)
                and node.func.attr.value not in _DATA_CONVERSIONS
            ):
                stack.append(node.func.value)
            elif last_name(dotted(node.func) or "") in _DATA_CONVERSIONS:
                stack.extend(a.value for a in node.args[:1])
        elif isinstance(node, cst.Attribute | cst.Subscript):
            stack.append(node.value)
        elif isinstance(node, cst.BinaryOperation):
            stack.extend((node.left, node.right))
    return keys


def _later_split_of(facts: ModuleFacts, normalization: Normalization) -> Call | None:
    """`train_test_split(X, ...)` after statistics were taken from all of `X`."""
    call = normalization.call
    names = set(_data_keys(normalization.data))
    names |= {b.key for b in _bindings_of_value(call)}
    if not names:
        return None
    for later in call.scope.calls:
        if later.order <= call.order:
            continue
        name = later.qualname or later.key or ""
        if name in torch_api.SPLIT_FUNCTIONS or last_name(name) in (
            "train_test_split",
            "random_split",
        ):
            first = later.positional(0)
            if first is not None and names.intersection(_data_keys(first)):
                return later
    return None


def _contains(tree: cst.CSTNode, target: cst.CSTNode) -> bool:
    stack = [tree]
    while stack:
        node = stack.pop()
        if node is target:
            return True
        stack.extend(node.children)
    return False


def _eval_split_message(normalization: Normalization, split_key: str) -> str:
    what = (
        f"`{normalization.scaler}` is fit on evaluation data (`{split_key}`)"
        if normalization.scaler is not None
        else f"normalization statistics are computed on evaluation data (`{split_key}`)"
    )
    return (
        f"{what}: validation/test inputs must be normalized with the training set's statistics; "
        f"otherwise evaluation uses information it should not have and the reported accuracy is "
        f"optimistic and will not hold on new data. Compute the statistics (or fit the scaler) on "
        f"the training split and only apply them (`.transform`) to validation/test data."
    )


def _before_split_message(normalization: Normalization, data: str, split_line: str) -> str:
    what = (
        f"`{normalization.scaler}` is fit"
        if normalization.scaler is not None
        else "statistics are computed"
    )
    return (
        f"{what} on all of `{data}` before it is split into train and test on {split_line}: "
        f"test statistics leak into training, so the evaluation is optimistic. Split first, then "
        f"fit the normalization on the training part only."
    )
