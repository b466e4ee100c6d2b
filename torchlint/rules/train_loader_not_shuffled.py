"""TL016: the DataLoader a training loop iterates always yields the samples in the same order."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from torchlint.analysis.facts import ModuleFacts
from torchlint.analysis.training import trained_on
from torchlint.analysis.values import LoaderValue, values_of
from torchlint.findings import Severity
from torchlint.rules.base import Report, Rule
from torchlint.rules.fixes import train_loader_not_shuffled as fixes


class TrainLoaderNotShuffled(Rule):
    code = "TL016"
    name = "train-loader-not-shuffled"
    severity = Severity.INFO
    summary = "The DataLoader a training loop iterates has no shuffle=True or sampler."

    def check(self, facts: ModuleFacts) -> Iterator[Report]:
        reported: set[object] = set()
        for scope in facts.scopes:
            for iterable, where in trained_on(facts, scope):
                loader = values_of(facts).resolved(iterable, scope, where)
                if not isinstance(loader, LoaderValue) or loader.shuffled:
                    continue
                built = loader.origin.node
                key = built if built is not None else (loader.origin.path, loader.origin.line)
                if key in reported:
                    continue
                reported.add(key)
                name = facts.code(iterable)
                if built is not None:
                    message, help_text = _message(name, "")
                    yield Report(
                        built, message, help=help_text, fix=partial(fixes.fix, facts, built)
                    )
                else:
                    message, help_text = _message(name, f" ({loader.origin.describe(facts)})")
                    yield Report(iterable, message, help=help_text)


def _message(name: str, built: str) -> tuple[str, str]:
    return (
        f"`{name}`{built} feeds a training loop, but it has no `shuffle=True` or sampler",
        "Pass `shuffle=True`, or a sampler: in a fixed order (often grouped by class or "
        "source) batches are not representative and training converges worse.",
    )
