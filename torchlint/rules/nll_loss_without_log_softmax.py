"""TL008: NLLLoss fed probabilities or raw scores instead of log-probabilities."""

from __future__ import annotations

from collections.abc import Iterator

from torchlint.analysis.facts import ModuleFacts
from torchlint.analysis.torch_api import Activation, LossKind
from torchlint.analysis.training import loss_predictions
from torchlint.findings import Severity
from torchlint.rules.base import Report, Rule


class NllLossWithoutLogSoftmax(Rule):
    code = "TL008"
    name = "nll-loss-without-log-softmax"
    severity = Severity.ERROR
    summary = "NLLLoss receives softmax probabilities or raw logits instead of log_softmax output."

    def check(self, facts: ModuleFacts) -> Iterator[Report]:
        for prediction in loss_predictions(facts):
            activated = prediction.activated
            if prediction.kind is not LossKind.NLL or activated.activation not in (
                Activation.SOFTMAX,
                Activation.LOGITS,
            ):
                continue
            produced = (
                "softmax probabilities"
                if activated.activation is Activation.SOFTMAX
                else "raw logits"
            )
            message, help_text = _message(
                prediction.describe_loss(facts), produced, activated.origin.describe(facts)
            )
            related = prediction.related(f"the {produced} come from here")
            yield Report(prediction.call.node, message, related=related, help=help_text)


def _message(loss: str, produced: str, line: str) -> tuple[str, str]:
    return (
        f"{loss} expects log-probabilities, but it receives {produced} ({line})",
        "Apply `log_softmax` before it, or use CrossEntropyLoss on the raw logits: on "
        "anything else the loss is just minus the chosen score.",
    )
