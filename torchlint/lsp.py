"""The language server (`torchlint server`): diagnostics for open Python files as the user types.

Built on pygls, installed with the `lsp` extra. Findings come from the same engine as the CLI,
with the configuration of the `pyproject.toml` nearest to each file.
"""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.workspace import TextDocument

from torchlint import __version__
from torchlint.config import ConfigError, Settings, find_config, load_settings
from torchlint.engine import LintJob, run_in_project
from torchlint.findings import Finding, Related, Severity
from torchlint.rule_docs import document_path

_SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}

server = LanguageServer(
    "torchlint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full
)


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


def _diagnostic(document: TextDocument, finding: Finding) -> types.Diagnostic:
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
        related_information=[_related(document, r) for r in finding.related],
    )


def _related(document: TextDocument, related: Related) -> types.DiagnosticRelatedInformation:
    if related.path is None:
        uri = document.uri
        where = _range(document, related.line, related.column, related.line, related.column)
    else:  # another module of the project, not open in this document: the start of its line
        uri = Path(related.path).resolve().as_uri()
        start = types.Position(line=related.line - 1, character=0)
        where = types.Range(start=start, end=start)
    return types.DiagnosticRelatedInformation(
        location=types.Location(uri=uri, range=where), message=related.message
    )


def diagnostics(ls: LanguageServer, document: TextDocument) -> list[types.Diagnostic]:
    if document.path is None or not document.path.endswith((".py", ".pyi")):
        return []
    path = Path(document.path)
    settings = _settings(ls, path)
    if settings.is_excluded(path):
        return []
    job = LintJob(str(path), settings.enabled_codes(str(path)), document.source.encode("utf-8"))
    result = run_in_project(job)
    if result.error is not None:
        ls.window_show_message(
            types.ShowMessageParams(
                type=types.MessageType.Error, message=f"torchlint: {result.error}"
            )
        )
    return [_diagnostic(document, finding) for finding in result.findings]


def _publish(ls: LanguageServer, uri: str) -> None:
    document = ls.workspace.get_text_document(uri)
    ls.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(
            uri=uri, diagnostics=diagnostics(ls, document), version=document.version
        )
    )


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: LanguageServer, params: types.DidOpenTextDocumentParams) -> None:
    _publish(ls, params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: LanguageServer, params: types.DidChangeTextDocumentParams) -> None:
    _publish(ls, params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: LanguageServer, params: types.DidSaveTextDocumentParams) -> None:
    _publish(ls, params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: LanguageServer, params: types.DidCloseTextDocumentParams) -> None:
    ls.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[])
    )


def serve() -> None:
    server.start_io()
