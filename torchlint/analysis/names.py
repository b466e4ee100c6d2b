"""Dotted names of expressions and the file's import aliases.

A purpose-built alias table is far cheaper than libcst's QualifiedNameProvider and gives one
deterministic answer per name: `F.softmax` -> `torch.nn.functional.softmax` after
`import torch.nn.functional as F`.
"""

from __future__ import annotations

import re

import libcst as cst

from torchlint.analysis.walk import children


def dotted(expr: cst.BaseExpression) -> str | None:
    """`model.fc.weight` for a chain of names and attributes; None for anything else."""
    parts: list[str] = []
    # Exact type checks: libcst's nodes are ABCs, whose isinstance costs eight times as much,
    # and this runs for nearly every expression the analysis looks at.
    while type(expr) is cst.Attribute:
        parts.append(expr.attr.value)
        expr = expr.value
    if type(expr) is not cst.Name:
        return None
    parts.append(expr.value)
    return ".".join(reversed(parts))


class ImportTable:
    """Local name -> fully qualified name, for every import in the file (any scope)."""

    def __init__(self) -> None:
        self._aliases: dict[str, str] = {}
        # `from .models import Net` -> {"Net": (1, "models.Net")}: resolved against the project.
        self.relative: dict[str, tuple[int, str]] = {}

    def add_import(self, node: cst.Import) -> None:
        for alias in node.names:
            full = dotted(alias.name)
            if full is None:
                continue
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                self._aliases.setdefault(alias.asname.name.value, full)
            else:
                # `import torch.nn` binds `torch`; the rest resolves as attributes.
                top = full.split(".", 1)[0]
                self._aliases.setdefault(top, top)

    def add_import_from(self, node: cst.ImportFrom) -> None:
        if isinstance(node.names, cst.ImportStar):
            return
        base = dotted(node.module) if node.module is not None else None
        if base is None and not node.relative:
            return
        for alias in node.names:
            imported = dotted(alias.name)
            if imported is None:
                continue
            local = imported
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                local = alias.asname.name.value
            if node.relative:
                target = f"{base}.{imported}" if base else imported
                self.relative.setdefault(local, (len(node.relative), target))
            else:
                self._aliases.setdefault(local, f"{base}.{imported}")

    def imported(self, local: str) -> tuple[int, str] | None:
        """Where the name `local` is imported from: (relative level, dotted name)."""
        if local in self.relative:
            return self.relative[local]
        target = self._aliases.get(local)
        return (0, target) if target is not None else None

    def qualify(self, expr: cst.BaseExpression) -> str | None:
        """The qualified name of an imported name or attribute chain, else None."""
        name = dotted(expr)
        if name is None:
            return None
        head, _, rest = name.partition(".")
        target = self._aliases.get(head)
        if target is None:
            return None
        return f"{target}.{rest}" if rest else target


_WORD_BOUNDARY = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


def words(identifier: str) -> list[str]:
    """Lower-case words of an identifier: `X_testNorm2` -> ['x', 'test', 'norm', '2']."""
    return [w.lower() for w in _WORD_BOUNDARY.findall(identifier)]


def root_name(expr: cst.BaseExpression | None) -> str | None:
    """The name an expression starts from: `out` for `out["loss"]`, `out.loss`, `out`."""
    while isinstance(expr, cst.Subscript | cst.Attribute):
        expr = expr.value
    return expr.value if isinstance(expr, cst.Name) else None


def last_name(key: str) -> str:
    return key.rsplit(".", 1)[-1]


def names_read(expr: cst.CSTNode) -> set[str]:
    """Every name `expr` reads, outside lambda bodies (a lambda's names are its own)."""
    names = set()
    stack = [expr]
    while stack:
        node = stack.pop()
        if type(node) is cst.Name:
            names.add(node.value)
        elif type(node) is not cst.Lambda:
            stack.extend(children(node))
    return names


def mentions(tree: cst.CSTNode, key: str) -> bool:
    """Whether the name or attribute chain `key` appears anywhere in `tree`."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Name | cst.Attribute) and dotted(node) == key:
            return True
        stack.extend(children(node))
    return False
