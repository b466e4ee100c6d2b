"""The language server (`torchlint server`): diagnostics for open Python files, unsaved
(`untitled:`) buffers and notebooks as the user types, hover help on each diagnostic, and code
actions (the rule's fix, `# noqa: CODE`) for files and buffers.

Built on pygls, installed with the `lsp` extra. Findings come from the same engine as the CLI,
with the configuration of the `pyproject.toml` nearest to each file.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlparse

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.workspace import TextDocument

from torchlint import __version__
from torchlint.config import ConfigError, Settings, find_config, load_settings
from torchlint.engine import LintJob, run_in_project
from torchlint.findings import Applicability, Finding, Related, Severity
from torchlint.rule_docs import document_path
from torchlint.rules import RULE_INFOS
from torchlint.suppression import with_noqa

_SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}

server = LanguageServer(
    "torchlint",
    __version__,
    text_document_sync_kind=types.TextDocumentSyncKind.Full,
    notebook_document_sync=types.NotebookDocumentSyncOptions(
        notebook_selector=[
            types.NotebookDocumentFilterWithCells(
                notebook="jupyter-notebook",
                cells=[types.NotebookCellLanguage(language="python")],
            )
        ]
    ),
)
_RULES = {info.code: info for info in RULE_INFOS}
# What was last published for each document (a file, a buffer or a notebook cell): hover reads it.
_published: dict[str, list[types.Diagnostic]] = {}
# The findings behind the diagnostics of a file or buffer, each diagnostic's `data` its index:
# code actions read their fixes.
_findings: dict[str, list[Finding]] = {}


def _settings(ls: LanguageServer, path: Path) -> Settings:
    try:
        return load_settings(find_config(path.parent))
    except ConfigError as error:
        ls.window_show_message(
            types.ShowMessageParams(type=types.MessageType.Error, message=f"torchlint: {error}")
        )
        return Settings()


def _range(
    document: TextDocument, line: int, column: int, end_line: int, end_column: int
) -> types.Range:
    """1-based code-point positions -> the client's 0-based (usually UTF-16) positions."""
    server_range = types.Range(
        start=types.Position(line=line - 1, character=column - 1),
        end=types.Position(line=end_line - 1, character=end_column - 1),
    )
    return document.position_codec.range_to_client_units(document.lines, server_range)


def _diagnostic(
    document: TextDocument,
    finding: Finding,
    cell_documents: dict[int, TextDocument] | None = None,
    index: int | None = None,
) -> types.Diagnostic:
    cell_documents = cell_documents or {}
    rule_document = document_path(finding.code)
    return types.Diagnostic(
        range=_range(document, finding.line, finding.column, finding.end_line, finding.end_column),
        message=finding.message_and_help(),
        severity=_SEVERITIES[finding.severity],
        code=finding.code,
        code_description=types.CodeDescription(href=rule_document.as_uri())
        if rule_document
        else None,
        source="torchlint",
        related_information=[_related(document, r, cell_documents) for r in finding.related],
        data=index,
    )


def _related(
    document: TextDocument, related: Related, cell_documents: dict[int, TextDocument]
) -> types.DiagnosticRelatedInformation:
    if related.path is None:
        document = cell_documents.get(related.cell or 0, document)
        uri = document.uri
        where = _range(document, related.line, related.column, related.line, related.column)
    else:  # another module of the project, not open in this document: the start of its line
        uri = Path(related.path).resolve().as_uri()
        start = types.Position(line=related.line - 1, character=0)
        where = types.Range(start=start, end=start)
    return types.DiagnosticRelatedInformation(
        location=types.Location(uri=uri, range=where), message=related.message
    )


def _lint(ls: LanguageServer, path: Path, data: bytes, fixes: bool = False) -> list[Finding]:
    settings = _settings(ls, path)
    if settings.is_excluded(path):
        return []
    codes = settings.enabled_codes(str(path))
    result = run_in_project(LintJob(str(path), codes, data, fixes=fixes))
    if result.error is not None:
        ls.window_show_message(
            types.ShowMessageParams(
                type=types.MessageType.Error, message=f"torchlint: {result.error}"
            )
        )
    return result.findings


def _buffer_path(ls: LanguageServer, document: TextDocument) -> Path | None:
    """Where a document is checked as if it were: its file, or for an unsaved buffer
    (`untitled:Untitled-1`) a file of that name in the workspace, beside the project's modules."""
    scheme = urlparse(document.uri).scheme
    if scheme == "file":
        return Path(document.path) if document.path.endswith((".py", ".pyi")) else None
    if scheme != "untitled" or document.language_id != "python":
        return None
    name = Path(urlparse(document.uri).path).name or "untitled"
    return Path(ls.workspace.root_path or Path.cwd()) / f"{name.removesuffix('.py')}.py"


def diagnostics(ls: LanguageServer, document: TextDocument) -> list[types.Diagnostic]:
    path = _buffer_path(ls, document)
    if path is None:
        return []
    findings = _lint(ls, path, document.source.encode("utf-8"), fixes=True)
    _findings[document.uri] = findings
    return [_diagnostic(document, f, index=i) for i, f in enumerate(findings)]


def notebook_diagnostics(
    ls: LanguageServer, notebook: types.NotebookDocument
) -> dict[str, list[types.Diagnostic]]:
    """Diagnostics per cell document: the notebook is checked as the CLI checks an `.ipynb`,
    cells numbered as Jupyter numbers them (markdown included)."""
    documents = {
        number: ls.workspace.get_text_document(cell.document)
        for number, cell in enumerate(notebook.cells, start=1)
    }
    cells = [
        _notebook_cell(cell.kind, documents[number].source)
        for number, cell in enumerate(notebook.cells, start=1)
    ]
    data = json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    published: dict[str, list[types.Diagnostic]] = {doc.uri: [] for doc in documents.values()}
    path = Path(urlparse(notebook.uri).path)
    if notebook.uri.startswith("file:") and path.suffix == ".ipynb":
        for finding in _lint(ls, path, data.encode("utf-8")):
            document = documents.get(finding.cell or 0)
            if document is not None:
                published[document.uri].append(_diagnostic(document, finding, documents))
    return published


def _notebook_cell(kind: types.NotebookCellKind, source: str) -> dict:
    if kind == types.NotebookCellKind.Code:
        return {"cell_type": "code", "source": source, "metadata": {}, "outputs": []}
    return {"cell_type": "markdown", "source": source, "metadata": {}}


def _publish(ls: LanguageServer, uri: str, diagnostics_: list[types.Diagnostic]) -> None:
    _published[uri] = diagnostics_
    ls.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics_)
    )


def _publish_document(ls: LanguageServer, uri: str) -> None:
    notebook = ls.workspace.get_notebook_document(cell_uri=uri)
    if notebook is not None:
        return _publish_notebook(ls, notebook.uri)
    _publish(ls, uri, diagnostics(ls, ls.workspace.get_text_document(uri)))


def _publish_notebook(ls: LanguageServer, uri: str) -> None:
    notebook = ls.workspace.get_notebook_document(notebook_uri=uri)
    if notebook is not None:
        for cell_uri, cell_diagnostics in notebook_diagnostics(ls, notebook).items():
            _publish(ls, cell_uri, cell_diagnostics)


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def document_changed(
    ls: LanguageServer,
    params: types.DidOpenTextDocumentParams
    | types.DidChangeTextDocumentParams
    | types.DidSaveTextDocumentParams,
) -> None:
    _publish_document(ls, params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: LanguageServer, params: types.DidCloseTextDocumentParams) -> None:
    _publish(ls, params.text_document.uri, [])


@server.feature(types.NOTEBOOK_DOCUMENT_DID_OPEN)
@server.feature(types.NOTEBOOK_DOCUMENT_DID_CHANGE)
@server.feature(types.NOTEBOOK_DOCUMENT_DID_SAVE)
def notebook_changed(
    ls: LanguageServer,
    params: types.DidOpenNotebookDocumentParams
    | types.DidChangeNotebookDocumentParams
    | types.DidSaveNotebookDocumentParams,
) -> None:
    _publish_notebook(ls, params.notebook_document.uri)


@server.feature(types.NOTEBOOK_DOCUMENT_DID_CLOSE)
def notebook_did_close(ls: LanguageServer, params: types.DidCloseNotebookDocumentParams) -> None:
    for cell in params.cell_text_documents:
        _publish(ls, cell.uri, [])


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
)
def code_actions(ls: LanguageServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    """For each torchlint diagnostic of a file or buffer: its fix, where the rule has one, and
    `# noqa: CODE` on its line."""
    uri = params.text_document.uri
    document = ls.workspace.get_text_document(uri)
    findings = _findings.get(uri, [])
    actions = []
    for diagnostic in params.context.diagnostics:
        index = diagnostic.data
        if diagnostic.source != "torchlint" or not isinstance(index, int):
            continue
        if not 0 <= index < len(findings) or findings[index].code != diagnostic.code:
            continue  # from an older version of the document
        finding = findings[index]
        if finding.fix is not None:
            edits = [
                types.TextEdit(
                    _range(document, e.line, e.column, e.end_line, e.end_column), e.content
                )
                for e in finding.fix.edits
            ]
            applicability = finding.fix.applicability
            actions.append(
                types.CodeAction(
                    title=f"{finding.fix.message} ({finding.code}, {applicability.value})",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    edit=types.WorkspaceEdit(changes={uri: edits}),
                    is_preferred=applicability is Applicability.SAFE,
                )
            )
        noqa = _noqa_edit(document, finding)
        if noqa is not None:
            actions.append(
                types.CodeAction(
                    title=f"Add `# noqa: {finding.code}` on line {finding.line}",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    edit=types.WorkspaceEdit(changes={uri: [noqa]}),
                )
            )
    return actions


def _noqa_edit(document: TextDocument, finding: Finding) -> types.TextEdit | None:
    """The finding's line with `# noqa: CODE` added (merged into a noqa comment there)."""
    text, marked, _ = with_noqa(document.source, {finding.line: {finding.code}})
    if not marked:
        return None
    old = document.lines[finding.line - 1].rstrip("\r\n")
    new = text.splitlines()[finding.line - 1]
    return types.TextEdit(_range(document, finding.line, 1, finding.line, len(old) + 1), new)


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: LanguageServer, params: types.HoverParams) -> types.Hover | None:
    """Over a torchlint diagnostic: the rule's name, summary and a link to its document."""
    here = params.position
    for diagnostic in _published.get(params.text_document.uri, []):
        start, end = diagnostic.range.start, diagnostic.range.end
        if (start.line, start.character) <= (here.line, here.character) <= (
            end.line,
            end.character,
        ) and (rule := _RULES.get(str(diagnostic.code))):
            link = f"\n\n[{rule.code} {rule.name}]({diagnostic.code_description.href})"
            text = f"**{rule.code} {rule.name}** ({rule.severity.value}): {rule.summary}"
            return types.Hover(
                contents=types.MarkupContent(
                    kind=types.MarkupKind.Markdown,
                    value=text + (link if diagnostic.code_description else ""),
                ),
                range=diagnostic.range,
            )
    return None


def serve() -> None:
    server.start_io()
