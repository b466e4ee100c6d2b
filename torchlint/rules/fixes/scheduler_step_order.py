"""TL011's fix: an epoch-based `scheduler.step()` moved from the batch loop to after it."""

from __future__ import annotations

import libcst as cst

from torchlint.analysis.facts import Call, Loop, ModuleFacts
from torchlint.findings import Fix
from torchlint.rules.fixes import Editor, block_of, enclosing_statement, unsafe


def fix(facts: ModuleFacts, step: Call, loop: Loop) -> Fix | None:
    """Unsafe: the schedule then advances once per pass over the data, which is what an
    epoch-based schedule is sized for, but a loop that is not the whole epoch (a loop over
    micro-batches, or over a few batches per call) changes the schedule differently. Only a
    `scheduler.step()` of its own line, directly in the body of the batch loop, is moved."""
    statement = enclosing_statement(facts, step.node)
    body = loop.node.body
    if (
        not isinstance(statement, cst.SimpleStatementLine)
        or len(statement.body) != 1
        or not isinstance(statement.body[0], cst.Expr)
        or statement.body[0].value is not step.node
        or not isinstance(body, cst.IndentedBlock)
        or block_of(facts, statement) is not body
        or len(body.body) < 2
    ):
        return None
    moved = Editor(facts).move_after(statement, loop.node)
    if moved is None:
        return None
    return unsafe(f"Move `{facts.code(step.node)}` after the batch loop", *moved)
