"""TL006's fix: accumulate the loss's value (`loss.item()`), not the tensor and its graph."""

from __future__ import annotations

import libcst as cst

from torchlint.analysis.facts import ModuleFacts, Scope
from torchlint.analysis.graphs import added_to
from torchlint.analysis.names import dotted
from torchlint.analysis.walk import children
from torchlint.findings import Fix
from torchlint.rules.fixes import Editor, safe, unsafe

_ATOMS = (cst.Name, cst.Attribute, cst.Call, cst.Subscript)


def item(facts: ModuleFacts, added: cst.BaseExpression) -> str:
    """`added.item()`, parenthesized where it is not an atom (`(loss * n).item()`)."""
    code = facts.module.code_for_node(added)
    return f"{code}.item()" if isinstance(added, _ATOMS) or added.lpar else f"({code}).item()"


def fix(
    facts: ModuleFacts, scope: Scope, accumulator: str, added: cst.BaseExpression, appended: bool
) -> Fix | None:
    """Safe for a running total of numbers (`total = 0.0 ... total += loss`) that is not used as
    a tensor (`total.item()`, `total.backward()`); unsafe otherwise, and for a list of losses,
    which the code may stack into a tensor later."""
    message = f"Accumulate `{item(facts, added)}`"
    edit = Editor(facts).replace(added, item(facts, added))
    if appended or not _number_total(scope, accumulator):
        return unsafe(message, edit)
    return safe(message, edit)


def _number_total(scope: Scope, accumulator: str) -> bool:
    bindings = scope.bindings_of(accumulator)
    starts = [b.value for b in bindings if added_to(accumulator, b) is None]
    if not starts or not all(isinstance(v, cst.Integer | cst.Float) for v in starts):
        return False
    pending: list[cst.CSTNode] = [scope.node]
    while pending:
        node = pending.pop()
        if isinstance(node, cst.Attribute) and dotted(node.value) == accumulator:
            return False
        pending.extend(children(node))
    return True
