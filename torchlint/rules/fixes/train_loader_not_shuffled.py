"""TL016's fix: `shuffle=True` on the DataLoader a training loop iterates."""

from __future__ import annotations

import libcst as cst

from torchlint.analysis import torch_api
from torchlint.analysis.facts import ModuleFacts
from torchlint.findings import Fix
from torchlint.rules.fixes import Editor, safe


def fix(facts: ModuleFacts, built: cst.CSTNode) -> Fix | None:
    """`shuffle=False` becomes `shuffle=True`; a loader without `shuffle` gets it after its last
    argument. None for a loader whose arguments are spread (`*args`, `**kwargs`)."""
    if not isinstance(built, cst.Call) or facts.qualify(built.func) not in (
        torch_api.DATALOADER_CLASSES
    ):
        return None
    if not built.args or any(arg.star for arg in built.args):
        return None
    editor = Editor(facts)
    message = "Pass `shuffle=True`"
    for arg in built.args:
        if arg.keyword is not None and arg.keyword.value == "shuffle":
            return safe(message, editor.replace(arg.value, "True"))
    return safe(message, editor.add_argument(built, "shuffle=True"))
