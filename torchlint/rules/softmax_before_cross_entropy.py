"""TL003: probabilities (softmax/sigmoid output) fed to a loss that expects raw logits."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from torchlint.analysis.facts import ModuleFacts
from torchlint.analysis.torch_api import Activation, LossKind
from torchlint.analysis.training import loss_predictions
from torchlint.findings import Severity
from torchlint.rules.base import Report, Rule
from torchlint.rules.fixes import softmax_before_cross_entropy as fixes


class SoftmaxBeforeCrossEntropy(Rule):
    code = "TL003"
    name = "softmax-before-cross-entropy"
    severity = Severity.ERROR
    summary = "Softmax/sigmoid output goes to a loss that applies it again (CrossEntropyLoss, ...)."

    def check(self, facts: ModuleFacts) -> Iterator[Report]:
        for prediction in loss_predictions(facts):
            kind, activated = prediction.kind, prediction.activated
            if kind not in (LossKind.CROSS_ENTROPY, LossKind.BCE_WITH_LOGITS):
                continue
            loss = prediction.describe_loss(facts)
            line = activated.origin.describe(facts)
            related = prediction.related(f"{activated.activation.value} is applied here")
            fix = partial(fixes.fix, facts, prediction)
            if kind is LossKind.CROSS_ENTROPY and activated.activation is Activation.SOFTMAX:
                message, help_text = _softmax_message(loss, line)
                yield Report(
                    prediction.call.node, message, related=related, help=help_text, fix=fix
                )
            elif kind is LossKind.CROSS_ENTROPY and activated.activation is Activation.LOG_SOFTMAX:
                message, help_text = _log_softmax_message(loss, line)
                yield Report(prediction.call.node, message, Severity.INFO, related, help=help_text)
            elif kind is LossKind.BCE_WITH_LOGITS and activated.activation is Activation.SIGMOID:
                message, help_text = _sigmoid_message(loss, line)
                yield Report(
                    prediction.call.node, message, related=related, help=help_text, fix=fix
                )


def _softmax_message(loss: str, line: str) -> tuple[str, str]:
    return (
        f"{loss} receives softmax output ({line}), but cross-entropy applies log_softmax itself",
        "Pass the raw logits to the loss, and apply softmax only to compute probabilities: "
        "softmax twice flattens the predictions and training stalls.",
    )


def _log_softmax_message(loss: str, line: str) -> tuple[str, str]:
    return (
        f"{loss} receives log_softmax output ({line}), but cross-entropy applies log_softmax "
        f"itself",
        "Pass raw logits to CrossEntropyLoss, or use NLLLoss with log-probabilities: log_softmax "
        "is idempotent, so the result is right but the work is done twice.",
    )


def _sigmoid_message(loss: str, line: str) -> tuple[str, str]:
    return (
        f"{loss} receives sigmoid output ({line}), but it applies sigmoid itself",
        "Pass the raw logits, or use BCELoss on probabilities: the doubled sigmoid squeezes "
        "predictions into (0.5, 0.73) and the model cannot become confident.",
    )
