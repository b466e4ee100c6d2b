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
                message = _softmax_message(loss, line)
                yield Report(prediction.call.node, message, related=related, fix=fix)
            elif kind is LossKind.CROSS_ENTROPY and activated.activation is Activation.LOG_SOFTMAX:
                message = _log_softmax_message(loss, line)
                yield Report(prediction.call.node, message, Severity.INFO, related)
            elif kind is LossKind.BCE_WITH_LOGITS and activated.activation is Activation.SIGMOID:
                message = _sigmoid_message(loss, line)
                yield Report(prediction.call.node, message, related=related, fix=fix)


def _softmax_message(loss: str, line: str) -> str:
    return (
        f"{loss} is a cross-entropy loss, which applies log_softmax itself, but it receives "
        f"softmax output ({line}); softmax applied twice flattens the predictions, gradients "
        f"shrink and training stalls at poor accuracy. Pass the raw logits to the loss and apply "
        f"softmax only to compute probabilities."
    )


def _log_softmax_message(loss: str, line: str) -> str:
    return (
        f"{loss} is a cross-entropy loss, which applies log_softmax itself, but it receives "
        f"log_softmax output ({line}); the result is the same because log_softmax is "
        f"idempotent, but the work is done twice and the model's output convention is unclear. "
        f"Pass raw logits to CrossEntropyLoss, or use NLLLoss with log-probabilities."
    )


def _sigmoid_message(loss: str, line: str) -> str:
    return (
        f"{loss} applies sigmoid itself, but it receives sigmoid output ({line}); the "
        f"doubled sigmoid squeezes predictions into (0.5, 0.73), gradients shrink and the model "
        f"cannot become confident. Pass the raw logits, or use BCELoss on probabilities."
    )
