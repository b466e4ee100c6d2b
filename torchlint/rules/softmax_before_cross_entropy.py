"""TL003: probabilities (softmax/sigmoid output) fed to a loss that expects raw logits."""

from __future__ import annotations

from collections.abc import Iterator

from torchlint.analysis.facts import ModuleFacts
from torchlint.analysis.torch_api import Activation, LossKind
from torchlint.analysis.training import activation_of, loss_kind
from torchlint.findings import Severity
from torchlint.rules.base import Report, Rule


class SoftmaxBeforeCrossEntropy(Rule):
    code = "TL003"
    name = "softmax-before-cross-entropy"
    severity = Severity.ERROR
    summary = "Softmax/sigmoid output goes to a loss that applies it again (CrossEntropyLoss, ...)."

    def check(self, facts: ModuleFacts) -> Iterator[Report]:
        for call in facts.all_calls():
            kind = loss_kind(facts, call)
            if kind not in (LossKind.CROSS_ENTROPY, LossKind.BCE_WITH_LOGITS):
                continue
            prediction = call.argument(0, "input")
            if prediction is None:
                continue
            activated = activation_of(facts, prediction, call.scope, call.order)
            if activated is None:
                continue
            loss = facts.code(call.node.func)
            line = facts.line_ref(activated.node)
            related = ((activated.node, f"{activated.activation.value} is applied here"),)
            if kind is LossKind.CROSS_ENTROPY and activated.activation is Activation.SOFTMAX:
                yield Report(call.node, _softmax_message(loss, line), related=related)
            elif kind is LossKind.CROSS_ENTROPY and activated.activation is Activation.LOG_SOFTMAX:
                yield Report(call.node, _log_softmax_message(loss, line), Severity.INFO, related)
            elif kind is LossKind.BCE_WITH_LOGITS and activated.activation is Activation.SIGMOID:
                yield Report(call.node, _sigmoid_message(loss, line), related=related)


def _softmax_message(loss: str, line: str) -> str:
    return (
        f"`{loss}` is a cross-entropy loss, which applies log_softmax itself, but it receives "
        f"softmax output ({line}); softmax applied twice flattens the predictions, gradients "
        f"shrink and training stalls at poor accuracy. Pass the raw logits to the loss and apply "
        f"softmax only to compute probabilities."
    )


def _log_softmax_message(loss: str, line: str) -> str:
    return (
        f"`{loss}` is a cross-entropy loss, which applies log_softmax itself, but it receives "
        f"log_softmax output ({line}); the result is the same because log_softmax is "
        f"idempotent, but the work is done twice and the model's output convention is unclear. "
        f"Pass raw logits to CrossEntropyLoss, or use NLLLoss with log-probabilities."
    )


def _sigmoid_message(loss: str, line: str) -> str:
    return (
        f"`{loss}` applies sigmoid itself, but it receives sigmoid output ({line}); the "
        f"doubled sigmoid squeezes predictions into (0.5, 0.73), gradients shrink and the model "
        f"cannot become confident. Pass the raw logits, or use BCELoss on probabilities."
    )
