"""What every rule is: metadata as data on the class, and a `check` that only reports."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import ClassVar

import libcst as cst

from torchlint.analysis.facts import ModuleFacts
from torchlint.analysis.values import Origin
from torchlint.findings import Fix, Severity


@dataclass(frozen=True)
class Report:
    """A finding before it has a path and a position: the node to point at, what is wrong (one
    short line, as in Ruff) and how to fix it."""

    node: cst.CSTNode
    message: str
    # Keyword-only, so that `Report(node, message, severity)` keeps its meaning.
    help: str = field(kw_only=True)
    severity: Severity | None = None
    # Other places on the path, each a node of this file or an origin in another module.
    related: tuple[tuple[cst.CSTNode | Origin, str], ...] = field(default=())
    # Drop the finding if every call of this function of the file, anywhere in the project,
    # runs with gradients disabled (the callers decide; see engine.py).
    unless_called_without_grad: str | None = None
    # Keep the finding only if some call of this function (or method) of the file, in another
    # module of the project, runs with gradients enabled: an API its callers wrap as they like.
    if_called_with_grad: str | None = None
    # Drop the finding if another module of the project calls `.eval()` on this attribute of
    # some object (`trainer.model.eval()` before `trainer.evaluate()`).
    unless_switched_to_eval_elsewhere: str | None = None
    # Builds the fix, where the shape allows a precise one; called only when fixes are wanted.
    fix: Callable[[], Fix | None] | None = None


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    summary: ClassVar[str]

    def check(self, facts: ModuleFacts) -> Iterator[Report]:
        raise NotImplementedError
