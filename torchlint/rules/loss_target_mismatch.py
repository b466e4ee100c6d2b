"""TL009: targets whose dtype or shape cannot be what the loss expects, where the code shows it.

The target's dtype and rank come from the value analysis: where the labels are made (a
`TensorDataset` column, a dataset's `__getitem__`, `F.one_hot`, a cast), carried through the
DataLoader's batches, loop unpacking and the helpers the batch is passed to."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from torchlint.analysis.facts import Call, ModuleFacts
from torchlint.analysis.layout import DType
from torchlint.analysis.torch_api import LossKind
from torchlint.analysis.training import loss_kind
from torchlint.analysis.values import Origin, TensorValue, values_of
from torchlint.findings import Severity
from torchlint.rules.base import Report, Rule


class LossTargetMismatch(Rule):
    code = "TL009"
    name = "loss-target-mismatch"
    severity = Severity.ERROR
    summary = (
        "Loss targets of the wrong dtype or shape: one-hot into CrossEntropyLoss, [N, 1] vs [N]."
    )

    def check(self, facts: ModuleFacts) -> Iterator[Report]:
        for call in facts.all_calls():
            target_expr = call.argument(1, "target")
            if target_expr is None or call.argument(0, "input") is None:
                continue
            kind = loss_kind(facts, call)
            if kind not in (
                LossKind.CROSS_ENTROPY,
                LossKind.BCE,
                LossKind.BCE_WITH_LOGITS,
                LossKind.REGRESSION,
            ):
                continue
            target = _tensor(facts, call, target_expr)
            if target is None:
                continue
            loss = facts.code(call.node.func)
            named = f"`{facts.code(target_expr)}`"
            if kind is LossKind.CROSS_ENTROPY and target.one_hot and target.dtype is DType.INTEGER:
                message, help_text = _one_hot_message(loss, named, _made(facts, target))
                yield Report(call.node, message, help=help_text)
            elif kind in (LossKind.BCE, LossKind.BCE_WITH_LOGITS) and target.dtype is DType.INTEGER:
                message, help_text = _integer_message(loss, named, _made(facts, target))
                yield Report(call.node, message, help=help_text)
            elif kind is LossKind.REGRESSION and target.rank == 1 and target.features != 1:
                prediction = _tensor(facts, call, call.argument(0, "input"))  # type: ignore[arg-type]
                if prediction is not None and prediction.features == 1 and prediction.rank != 1:
                    message, help_text = _broadcast_message(
                        loss, named, _made(facts, prediction), _made(facts, target)
                    )
                    yield Report(call.node, message, Severity.WARNING, help=help_text)


def _tensor(facts: ModuleFacts, call: Call, expr: cst.BaseExpression) -> TensorValue | None:
    value = values_of(facts).resolved(expr, call.scope, call.order)
    return value if isinstance(value, TensorValue) else None


def _made(facts: ModuleFacts, tensor: TensorValue) -> str:
    made: Origin | None = tensor.made
    return f" ({made.describe(facts)})" if made is not None else ""


def _one_hot_message(loss: str, target: str, made: str) -> tuple[str, str]:
    return (
        f"`{loss}` receives {target}, one-hot integer targets (`F.one_hot`{made})",
        "Pass the class indices, or `F.one_hot(y).float()` for soft targets: CrossEntropyLoss "
        "raises on integer one-hot targets at the first step.",
    )


def _integer_message(loss: str, target: str, made: str) -> tuple[str, str]:
    return (
        f"`{loss}` receives {target}, integer targets{made}, but binary cross-entropy needs floats",
        "Make them float (`.float()`) where the labels are built or before the loss: it raises "
        "on integers at the first step.",
    )


def _broadcast_message(loss: str, target: str, prediction: str, made: str) -> tuple[str, str]:
    return (
        f"`{loss}` compares a prediction of shape [N, 1] (a final `Linear(..., 1)`{prediction}) "
        f"with {target} of shape [N]{made}",
        "Squeeze the prediction (`out.squeeze(1)`) or give the target shape [N, 1]: broadcasting "
        "makes an [N, N] matrix, so the model learns the mean.",
    )
