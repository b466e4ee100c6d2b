"""TL006's fix: accumulate the loss's value (`loss.item()`), not the tensor and its graph."""

from __future__ import annotations

import libcst as cst

from torchlint.analysis.facts import ModuleFacts, Scope
from torchlint.analysis.graphs import added_to
from torchlint.analysis.names import dotted
from torchlint.findings import Fix
from torchlint.rules.fixes import Editor, as_operand, descendants, safe, unsafe


def fix(
    facts: ModuleFacts, scope: Scope, accumulator: str, added: cst.BaseExpression, appended: bool
) -> Fix | None:
    """Safe for a running total of numbers (`total = 0.0 ... total += loss`) that is not used as
    a tensor (`total.item()`, `total.backward()`); unsafe otherwise, and for a list of losses,
    which the code may stack into a tensor later."""
    item = f"{as_operand(facts, added)}.item()"
    edit = Editor(facts).replace(added, item)
    message = f"Accumulate `{item}`"
    if appended or not _number_total(scope, accumulator):
        return unsafe(message, edit)
    return safe(message, edit)


def _number_total(scope: Scope, accumulator: str) -> bool:
    bindings = scope.bindings_of(accumulator)
    starts = [b.value for b in bindings if added_to(accumulator, b) is None]
    if not starts or not all(isinstance(v, cst.Integer | cst.Float) for v in starts):
        return False
    return not any(
        isinstance(node, cst.Attribute) and dotted(node.value) == accumulator
        for node in descendants(scope.node)
    )
