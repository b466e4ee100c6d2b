"""TL016: the training DataLoader always yields the samples in the same order."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from torchlint.analysis import torch_api
from torchlint.analysis.facts import Call, ModuleFacts
from torchlint.analysis.names import dotted, words
from torchlint.findings import Severity
from torchlint.rules.base import Report, Rule

_ORDERING_KEYWORDS = frozenset({"sampler", "batch_sampler"})
# Words naming training data, compounds included (`trainloader` in the CIFAR-10 tutorial).
_TRAIN_WORDS = frozenset(
    "train training trainset trainloader traindata traindataset traindl trainds".split()
)


class TrainLoaderNotShuffled(Rule):
    code = "TL016"
    name = "train-loader-not-shuffled"
    severity = Severity.INFO
    summary = "The training DataLoader is built without shuffle=True or a sampler."

    def check(self, facts: ModuleFacts) -> Iterator[Report]:
        for call in facts.all_calls():
            if call.qualname not in torch_api.DATALOADER_CLASSES or not _never_shuffles(call):
                continue
            name = _training_name(facts, call)
            if name is not None:
                yield Report(call.node, _message(name))


def _never_shuffles(call: Call) -> bool:
    """No shuffle=True, no sampler, and no **kwargs that could carry either."""
    for arg in call.node.args:
        if arg.star == "**":
            return False
        keyword = arg.keyword.value if arg.keyword is not None else None
        if keyword in _ORDERING_KEYWORDS:
            return False
        if keyword == "shuffle":
            return isinstance(arg.value, cst.Name) and arg.value.value == "False"
    positional = [a for a in call.node.args if a.keyword is None and not a.star]
    return len(positional) < 3  # DataLoader(dataset, batch_size, shuffle, sampler, ...)


def _training_name(facts: ModuleFacts, call: Call) -> str | None:
    """`train_loader = DataLoader(...)`, `DataLoader(train_set, ...)`: a name saying training."""
    candidates = [
        b.key for bindings in call.scope.bindings.values() for b in bindings if b.value is call.node
    ]
    dataset = call.argument(0, "dataset")
    if dataset is not None and (key := dotted(dataset)) is not None:
        candidates.append(key)
    for name in candidates:
        parts = [w for part in name.split(".") for w in words(part)]
        if _TRAIN_WORDS.intersection(parts) and not torch_api.EVAL_SPLIT_WORDS.intersection(parts):
            return name
    return None


def _message(name: str) -> str:
    return (
        f"`{name}` is a training DataLoader without `shuffle=True` or a sampler: every epoch sees "
        f"the samples in the same order (often grouped by class or source), so batches are not "
        f"representative and training converges worse. Pass `shuffle=True`, or a sampler."
    )
