"""TL007's fixes: `model.eval()` where evaluation starts, `model.train()` where training does."""

from __future__ import annotations

import libcst as cst

from torchlint.analysis.facts import Loop, ModuleFacts, Scope
from torchlint.analysis.training import is_backward
from torchlint.findings import Fix
from torchlint.rules.fixes import (
    Editor,
    descendants,
    enclosing_statement,
    is_docstring,
    is_reference,
    safe,
    unsafe,
)


def train_each_iteration(facts: ModuleFacts, loop: Loop, model: str) -> Fix | None:
    """`model.train()` first in the loop that trains and then evaluates."""
    body = loop.node.body
    if not is_reference(model) or not isinstance(body, cst.IndentedBlock):
        return None
    edit = Editor(facts).insert_statement_first(body, f"{model}.train()")
    return safe(f"Call `{model}.train()` at the start of each iteration", edit) if edit else None


def eval_after_loading(facts: ModuleFacts, load: cst.Call, model: str) -> Fix | None:
    statement = enclosing_statement(facts, load)
    if not is_reference(model) or not isinstance(statement, cst.SimpleStatementLine):
        return None
    edit = Editor(facts).insert_statement_after(statement, f"{model}.eval()")
    return safe(f"Call `{model}.eval()` after loading", edit) if edit else None


def eval_around_loop(facts: ModuleFacts, loop: Loop, model: str) -> Fix | None:
    """`model.eval()` before the evaluation loop and `model.train()` after it: the model was in
    training mode before, and goes back to it. None where the loop can `return`."""
    editor = Editor(facts)
    if not is_reference(model):
        return None
    before = editor.insert_statement_before(loop.node, f"{model}.eval()")
    after = editor.insert_statement_after(loop.node, f"{model}.train()")
    if before is None or after is None or _returns_from(loop.node):
        return None
    return safe(
        f"Call `{model}.eval()` before the loop and `{model}.train()` after it", before, after
    )


def eval_in_function(facts: ModuleFacts, function: Scope, model: str) -> Fix | None:
    """`model.eval()` first in the evaluation function (after its docstring). Unsafe in a file
    that trains: a model that is not switched back to training mode afterwards would train in
    evaluation mode."""
    body = function.node.body
    if not is_reference(model) or not isinstance(body, cst.IndentedBlock):
        return None
    editor = Editor(facts)
    first = body.body[0]
    if is_docstring(first):
        edit = editor.insert_statement_after(first, f"{model}.eval()")
    else:
        edit = editor.insert_statement_first(body, f"{model}.eval()")
    if edit is None:
        return None
    trains = any(is_backward(facts, call) for call in facts.all_calls())
    message = f"Call `{model}.eval()` at the start of `{function.name}`"
    if trains:
        return unsafe(f"{message} (and `{model}.train()` before training)", edit)
    return safe(message, edit)


def _returns_from(loop: cst.CSTNode) -> bool:
    """A `return` inside the loop would skip the `train()` after it."""
    nested = (cst.FunctionDef, cst.ClassDef)
    return any(isinstance(node, cst.Return) for node in descendants(loop, nested))
