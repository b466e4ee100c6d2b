"""What the fixes of the rules share: edits of the checked text, addressed by CST nodes.

Each rule's fix is a module of this package named like the rule's. A fix changes only the
characters it must, so comments, quotes and line breaks around it stay as they were; it uses the
file's own newline and indentation, and a statement it moves keeps its text. Where a shape
cannot be fixed precisely a fix returns None.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import libcst as cst
from libcst._nodes.internal import CodegenState

from torchlint.analysis.facts import ModuleFacts
from torchlint.analysis.names import dotted
from torchlint.analysis.positions import node_offsets
from torchlint.analysis.walk import children
from torchlint.findings import Applicability, Edit, Fix


def safe(message: str, *edits: Edit) -> Fix:
    return Fix(Applicability.SAFE, message, edits)


def unsafe(message: str, *edits: Edit) -> Fix:
    return Fix(Applicability.UNSAFE, message, edits)


_REFERENCE = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")


def is_reference(key: str) -> bool:
    """`opt`, `self.optimizer`: a key the analysis names an object by, usable as code."""
    return _REFERENCE.fullmatch(key) is not None


class Editor:
    """Edits of `facts.source`, the text `facts.module` was parsed from."""

    def __init__(self, facts: ModuleFacts) -> None:
        self.facts = facts
        self.text = facts.source
        self.newline = facts.module.default_newline

    def span(self, node: cst.CSTNode) -> tuple[int, int]:
        # One codegen pass per node, remembered: a fix asks for the same statement's span
        # several times. A node is recorded alone because the range of a compound statement
        # depends on which of its parts are recorded (alone, it ends after its body's comments).
        spans: dict[cst.CSTNode, tuple[int, int]] = self.facts.memo("fix_spans", dict)
        if node not in spans:
            spans[node] = node_offsets(self.facts.module, {node})[node]
        return spans[node]

    def edit(self, start: int, end: int, content: str) -> Edit:
        line, column = self._position(start)
        end_line, end_column = self._position(end)
        return Edit(start, end, content, line, column, end_line, end_column)

    def replace(self, node: cst.CSTNode, content: str) -> Edit:
        return self.edit(*self.span(node), content)

    def insert_after(self, node: cst.CSTNode, content: str) -> Edit:
        end = self.span(node)[1]
        return self.edit(end, end, content)

    def indentation(self, node: cst.CSTNode) -> str | None:
        """The whitespace before `node` on its line; None if it does not start its line."""
        return self._indentation_at(self.span(node)[0])

    def _indentation_at(self, offset: int) -> str | None:
        before = self.text[self.text.rfind("\n", 0, offset) + 1 : offset]
        return before if before.strip() == "" else None

    def add_argument(self, call: cst.Call, argument: str) -> Edit:
        """`argument` after the last argument of `call` (which has one): on a line of its own
        where the arguments are one per line with a trailing comma, else `, argument`."""
        last = call.args[-1]
        closing = self.span(call)[1] - 1  # the `)` of the call
        indent = self.indentation(last)
        if (
            not call.rpar
            and isinstance(last.comma, cst.Comma)
            and indent is not None
            and self._indentation_at(closing) is not None
        ):
            line_start = self.text.rfind("\n", 0, closing) + 1
            return self.edit(line_start, line_start, f"{indent}{argument},{self.newline}")
        return self.insert_after(last.value, f", {argument}")

    def insert_statement_before(self, statement: cst.BaseStatement, code: str) -> Edit | None:
        """`code` as a statement of its own just above `statement`, at the same indentation."""
        indent = self.indentation(statement)
        if indent is None:
            return None
        start = self.span(statement)[0]
        return self.edit(start, start, f"{code}{self.newline}{indent}")

    def insert_statement_first(self, block: cst.IndentedBlock, code: str) -> Edit | None:
        """`code` as the first statement of `block`, above the comments of the statement that
        was first (they describe it)."""
        first = block.body[0]
        indent = self.indentation(first)
        if indent is None:
            return None
        start = self.span(first)[0] - len(indent)
        for _ in first.leading_lines:
            start = self.text.rfind("\n", 0, start - 1) + 1  # the line above
        return self.edit(start, start, f"{indent}{code}{self.newline}")

    def statement_lines(self, statement: cst.BaseStatement) -> tuple[int, int] | None:
        """Offsets of the whole lines of `statement`, from its indentation to its line break
        (a trailing comment included), if it has its lines to itself."""
        if self.indentation(statement) is None:
            return None
        start, end = self.span(statement)
        if self.text[end - 1 : end] != "\n":  # a simple statement ends before its comment
            line_end = self.text.find("\n", end)
            if line_end == -1:
                return None  # the last line of a file without a final line break
            end = line_end + 1
        return self.text.rfind("\n", 0, start) + 1, end

    def insert_statement_after(self, statement: cst.BaseStatement, code: str) -> Edit | None:
        """`code` as a statement of its own just below `statement`, at its indentation."""
        lines = self.statement_lines(statement)
        indent = self.indentation(statement)
        if lines is None or indent is None:
            return None
        return self.edit(lines[1], lines[1], f"{indent}{code}{self.newline}")

    def move_after(
        self, statement: cst.SimpleStatementLine, target: cst.BaseStatement
    ) -> tuple[Edit, Edit] | None:
        """Delete `statement`'s lines and put its text below `target`, at `target`'s
        indentation; the comments above `statement` stay where they are."""
        lines = self.statement_lines(statement)
        code = self.facts.module.code_for_node(statement.with_changes(leading_lines=()))
        moved = self.insert_statement_after(target, code.rstrip("\r\n"))
        if lines is None or moved is None:
            return None
        return self.edit(*lines, ""), moved

    def wrap(self, statement: cst.BaseStatement, context: str) -> Edit | None:
        """`with context:` around `statement`, which moves one level in; its comments above
        stay, and the text inside it changes only by that indentation."""
        lines = self.statement_lines(statement)
        indent = self.indentation(statement)
        if lines is None or indent is None:
            return None
        wrapped = cst.With(
            items=[cst.WithItem(cst.parse_expression(context))],
            body=cst.IndentedBlock(body=[statement.with_changes(leading_lines=())]),
        )
        module = self.facts.module
        state = CodegenState(default_indent=module.default_indent, default_newline=self.newline)
        state.increase_indent(indent)
        wrapped._codegen(state)
        return self.edit(*lines, "".join(state.tokens))

    def add_decorator(self, function: cst.FunctionDef, decorator: str) -> Edit | None:
        """`@decorator` on the line above `def` (the innermost decorator)."""
        start = self.span(function.name)[0]
        line_start = self.text.rfind("\n", 0, start) + 1
        head = self.text[line_start:start]
        if re.fullmatch(r"[ \t]*def[ \t]+", head) is None:
            return None  # `async def`, or a name on a line of its own
        indent = head[: len(head) - len(head.lstrip())]
        return self.edit(line_start, line_start, f"{indent}@{decorator}{self.newline}")

    def torch(self) -> tuple[str, tuple[Edit, ...]] | None:
        """The name the module's leading imports bind torch to (`torch`, `th`), or `torch` and
        the edit that adds `import torch` after them. Only the imports at the top count: a
        decorator runs when its `def` does, before any import further down."""
        header = []
        for statement in self.facts.module.body:
            if not isinstance(statement, cst.SimpleStatementLine):
                break
            if all(isinstance(small, cst.Import | cst.ImportFrom) for small in statement.body):
                header.append(statement)
            elif header or not is_docstring(statement):
                break
        for statement in header:
            for small in statement.body:
                for alias in small.names if isinstance(small, cst.Import) else ():
                    name = dotted(alias.name) or ""
                    if alias.asname is None and name.split(".")[0] == "torch":
                        return "torch", ()
                    if alias.asname is not None and name == "torch":
                        return alias.asname.name.value, ()  # type: ignore[union-attr]
        if not header:
            return None
        edit = self.insert_statement_after(header[-1], "import torch")
        return ("torch", (edit,)) if edit is not None else None

    def _position(self, offset: int) -> tuple[int, int]:
        line = self.text.count("\n", 0, offset) + 1
        return line, offset - (self.text.rfind("\n", 0, offset) + 1) + 1


_ATOMS = (cst.Name, cst.Attribute, cst.Call, cst.Subscript)


def as_operand(facts: ModuleFacts, expr: cst.BaseExpression) -> str:
    """The code of `expr`, parenthesized where it is not an atom, so that it can take a method
    call or stand where another expression stood (`(loss * n).item()`)."""
    code = facts.module.code_for_node(expr).strip()
    return code if isinstance(expr, _ATOMS) or expr.lpar else f"({code})"


def descendants(
    root: cst.CSTNode, prune: tuple[type[cst.CSTNode], ...] = ()
) -> Iterator[cst.CSTNode]:
    """The nodes under `root`; not under the nodes of the `prune` types."""
    pending = list(children(root))
    while pending:
        node = pending.pop()
        yield node
        if not isinstance(node, prune):
            pending.extend(children(node))


def parents(facts: ModuleFacts) -> dict[int, cst.CSTNode]:
    """id(node) -> its parent, for every statement and expression of the module."""

    def build() -> dict[int, cst.CSTNode]:
        found: dict[int, cst.CSTNode] = {}
        pending: list[cst.CSTNode] = [facts.module]
        while pending:
            node = pending.pop()
            for child in children(node):
                found[id(child)] = node
                pending.append(child)
        return found

    return facts.memo("fix_parents", build)


def enclosing_statement(facts: ModuleFacts, node: cst.CSTNode) -> cst.BaseStatement | None:
    """The statement of a block (or of the module) that holds `node`."""
    parent_of = parents(facts)
    while node is not None:
        parent = parent_of.get(id(node))
        if isinstance(node, cst.BaseStatement) and isinstance(
            parent, cst.IndentedBlock | cst.Module
        ):
            return node
        node = parent
    return None


def is_docstring(statement: cst.BaseStatement) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and isinstance(statement.body[0], cst.Expr)
        and isinstance(statement.body[0].value, cst.SimpleString | cst.ConcatenatedString)
    )


def block_of(facts: ModuleFacts, statement: cst.BaseStatement) -> cst.IndentedBlock | None:
    parent = parents(facts).get(id(statement))
    return parent if isinstance(parent, cst.IndentedBlock) else None
