"""TL001's fix: the optimizer's construction moved below the statement that builds the final
model."""

from __future__ import annotations

import libcst as cst

from torchlint.analysis.facts import Binding, ModuleFacts
from torchlint.analysis.names import mentions
from torchlint.findings import Fix
from torchlint.rules.fixes import Editor, block_of, enclosing_statement, unsafe


def fix(facts: ModuleFacts, optimizer: str, created: Binding, rebound: Binding) -> Fix | None:
    """Unsafe: the optimizer then holds the new model's parameters, as intended, but code run
    between the two statements (a warm-up step, a parameter count) saw the old optimizer. Only
    statements of one block are moved, and only when nothing between them uses the
    optimizer (a scheduler built from it would be left with the old one)."""
    creation = enclosing_statement(facts, created.node)
    rebinding = enclosing_statement(facts, rebound.node)
    if not isinstance(creation, cst.SimpleStatementLine) or rebinding is None:
        return None
    block = block_of(facts, creation) or facts.module
    if (block_of(facts, rebinding) or facts.module) is not block:
        return None
    body = list(block.body)
    if creation not in body or rebinding not in body:
        return None
    start, end = body.index(creation), body.index(rebinding)
    if start >= end or any(
        mentions(statement, optimizer) for statement in body[start + 1 : end + 1]
    ):
        return None
    moved = Editor(facts).move_after(creation, rebinding)
    if moved is None:
        return None
    return unsafe(f"Create `{optimizer}` after `{rebound.key}` is rebuilt", *moved)
