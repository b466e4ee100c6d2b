"""TL002's fix: `optimizer.zero_grad()` at the start of each iteration of the training loop."""

from __future__ import annotations

import libcst as cst

from torchlint.analysis.facts import Loop, ModuleFacts
from torchlint.findings import Fix
from torchlint.rules.fixes import Editor, block_of, enclosing_statement, is_reference, safe, unsafe


def fix(facts: ModuleFacts, loop: Loop, step: cst.Call, optimizer: str) -> Fix | None:
    """Safe where the step is a statement of the loop's own body; where it is conditional
    (`if (i + 1) % accumulate == 0:`) a reset every iteration may undo gradient accumulation,
    so the fix is unsafe."""
    body = loop.node.body
    if not is_reference(optimizer) or not isinstance(body, cst.IndentedBlock):
        return None
    edit = Editor(facts).insert_statement_first(body, f"{optimizer}.zero_grad()")
    if edit is None:
        return None
    statement = enclosing_statement(facts, step)
    plain = statement is not None and block_of(facts, statement) is body
    return (safe if plain else unsafe)(
        f"Call `{optimizer}.zero_grad()` at the start of each iteration", edit
    )
