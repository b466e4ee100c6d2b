"""TL004's fixes: `@torch.no_grad()` on an evaluation function, `with torch.no_grad():` around
an evaluation loop or statement (torch named as the module imports it)."""

from __future__ import annotations

import libcst as cst

from torchlint.analysis.facts import ModuleFacts, Scope
from torchlint.findings import Fix
from torchlint.rules.fixes import Editor, enclosing_statement, safe


def decorate(facts: ModuleFacts, function: Scope) -> Fix | None:
    node = function.node
    if not isinstance(node, cst.FunctionDef) or node.asynchronous is not None:
        return None
    editor = Editor(facts)
    torch = editor.torch()
    if torch is None:
        return None
    name, imports = torch
    edit = editor.add_decorator(node, f"{name}.no_grad()")
    if edit is None:
        return None
    return safe(f"Decorate `{function.name}` with `@{name}.no_grad()`", edit, *imports)


def wrap(facts: ModuleFacts, node: cst.CSTNode) -> Fix | None:
    """`with torch.no_grad():` around the statement `node` (a loop) is, or is in."""
    statement = node if isinstance(node, cst.For) else enclosing_statement(facts, node)
    if statement is None:
        return None
    editor = Editor(facts)
    torch = editor.torch()
    if torch is None:
        return None
    name, imports = torch
    edit = editor.wrap(statement, f"{name}.no_grad()")
    if edit is None:
        return None
    return safe(f"Wrap it in `with {name}.no_grad():`", edit, *imports)
