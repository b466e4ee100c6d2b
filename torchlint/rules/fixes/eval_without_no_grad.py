"""TL004's fixes: `@torch.no_grad()` on an evaluation function, `with torch.no_grad():` around
an evaluation loop or statement (torch named as the module imports it)."""

from __future__ import annotations

from collections.abc import Callable

import libcst as cst

from torchlint.analysis.facts import ModuleFacts, Scope
from torchlint.findings import Edit, Fix
from torchlint.rules.fixes import Editor, enclosing_statement, safe


def decorate(facts: ModuleFacts, function: Scope) -> Fix | None:
    node = function.node
    if not isinstance(node, cst.FunctionDef) or node.asynchronous is not None:
        return None
    return _with_no_grad(
        facts,
        lambda editor, name: editor.add_decorator(node, f"{name}.no_grad()"),
        lambda name: f"Decorate `{function.name}` with `@{name}.no_grad()`",
    )


def wrap(facts: ModuleFacts, node: cst.CSTNode) -> Fix | None:
    """`with torch.no_grad():` around the statement `node` (a loop) is, or is in."""
    statement = node if isinstance(node, cst.For) else enclosing_statement(facts, node)
    if statement is None:
        return None
    return _with_no_grad(
        facts,
        lambda editor, name: editor.wrap(statement, f"{name}.no_grad()"),
        lambda name: f"Wrap it in `with {name}.no_grad():`",
    )


def _with_no_grad(
    facts: ModuleFacts,
    edit_with: Callable[[Editor, str], Edit | None],
    message: Callable[[str], str],
) -> Fix | None:
    """A safe fix by `edit_with`, given the name torch goes by here (imported if it must be)."""
    editor = Editor(facts)
    torch = editor.torch()
    if torch is None:
        return None
    name, imports = torch
    edit = edit_with(editor, name)
    return safe(message(name), edit, *imports) if edit is not None else None
