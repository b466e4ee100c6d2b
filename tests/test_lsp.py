"""A real LSP session with `torchlint server` over stdio: initialize, open, change, shut down."""

import contextlib
import json
import queue
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

BUGGY = textwrap.dedent(
    """\
    import torch
    model = Net()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    model = Net()
    for x in loader:
        optimizer.zero_grad()
        model(x).sum().backward()
        optimizer.step()
    """
)
FIXED = BUGGY.replace("model = Net()\nfor", "for")


class Client:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "torchlint", "server"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.messages: queue.Queue = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            headers = {}
            while (line := stream.readline().decode()) not in ("\r\n", ""):
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            if not headers:
                return
            self.messages.put(json.loads(stream.read(int(headers["content-length"]))))

    def send(self, method: str, params: dict, request: bool = False) -> int | None:
        message = {"jsonrpc": "2.0", "method": method, "params": params}
        if request:
            self.next_id += 1
            message["id"] = self.next_id
        body = json.dumps(message).encode()
        self.process.stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        self.process.stdin.flush()
        return message.get("id")

    def wait_for(self, predicate, timeout: float = 30) -> dict:
        while True:
            message = self.messages.get(timeout=timeout)
            if predicate(message):
                return message

    def diagnostics(self, uri: str) -> list[dict]:
        message = self.wait_for(
            lambda m: (
                m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
            )
        )
        return message["params"]["diagnostics"]


def test_language_server_session(tmp_path):
    path = tmp_path / "train.py"
    path.write_text(BUGGY)
    uri = path.as_uri()
    client = Client()
    try:
        request = client.send(
            "initialize",
            {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {}},
            request=True,
        )
        reply = client.wait_for(lambda m: m.get("id") == request)
        assert reply["result"]["serverInfo"]["name"] == "torchlint"
        assert reply["result"]["capabilities"]["textDocumentSync"]["change"] == 1  # full text
        client.send("initialized", {})

        client.send(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": BUGGY}},
        )
        (diagnostic,) = client.diagnostics(uri)
        assert diagnostic["code"] == "TL001"
        assert diagnostic["source"] == "torchlint"
        assert diagnostic["severity"] == 1
        assert diagnostic["range"] == {
            "start": {"line": 3, "character": 0},
            "end": {"line": 3, "character": 13},
        }
        assert diagnostic["message"].startswith("`model` is re-created after `optimizer`")
        assert diagnostic["codeDescription"]["href"].endswith("TL001-stale-optimizer.md")
        assert Path(unquote(urlparse(diagnostic["codeDescription"]["href"]).path)).is_file()
        (related,) = diagnostic["relatedInformation"]
        assert related["location"]["uri"] == uri
        assert related["location"]["range"]["start"] == {"line": 2, "character": 0}
        assert related["message"] == "`optimizer` is built here"

        client.send(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": FIXED}]},
        )
        assert client.diagnostics(uri) == []

        client.send(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": 3},
                "contentChanges": [{"text": "import torch\ndef f(:\n"}],
            },
        )
        (syntax,) = client.diagnostics(uri)
        assert syntax["code"] == "TL900" and syntax["range"]["start"]["line"] == 1

        client.send("textDocument/didClose", {"textDocument": {"uri": uri}})
        assert client.diagnostics(uri) == []

        request = client.send("shutdown", None, request=True)
        assert client.wait_for(lambda m: m.get("id") == request)["result"] is None
        client.send("exit", None)
        assert client.process.wait(timeout=30) == 0
    finally:
        if client.process.poll() is None:
            client.process.kill()


def test_diagnostics_follow_the_project_modules_beside_the_open_file(tmp_path):
    """The open buffer is checked with what it imports from disk: a helper in engine.py that
    steps without resetting gradients is found, and related information points into it."""
    (tmp_path / "engine.py").write_text(
        "def train_step(net, opt, batch):\n    net(batch).sum().backward()\n    opt.step()\n"
    )
    text = textwrap.dedent(
        """\
        import torch
        from engine import train_step
        model = torch.nn.Linear(4, 1)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        for batch in loader:
            train_step(model, optimizer, batch)
        """
    )
    path = tmp_path / "main.py"
    path.write_text("")  # the buffer, not the file on disk, is what gets checked
    with initialized_client(tmp_path) as client:
        client.send(
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": path.as_uri(),
                    "languageId": "python",
                    "version": 1,
                    "text": text,
                }
            },
        )
        (diagnostic,) = client.diagnostics(path.as_uri())
        assert diagnostic["code"] == "TL002"
        assert diagnostic["range"]["start"] == {"line": 5, "character": 4}
        (related,) = diagnostic["relatedInformation"]
        assert related["location"]["uri"] == (tmp_path / "engine.py").resolve().as_uri()
        assert related["location"]["range"]["start"] == {"line": 2, "character": 0}


@contextlib.contextmanager
def initialized_client(root: Path):
    client = Client()
    try:
        request = client.send(
            "initialize",
            {"processId": None, "rootUri": root.as_uri(), "capabilities": {}},
            request=True,
        )
        client.wait_for(lambda m: m.get("id") == request)
        client.send("initialized", {})
        yield client
        request = client.send("shutdown", None, request=True)
        client.wait_for(lambda m: m.get("id") == request)
        client.send("exit", None)
        assert client.process.wait(timeout=30) == 0
    finally:
        if client.process.poll() is None:
            client.process.kill()


def test_hover_on_a_diagnostic_shows_the_rule_and_its_document(tmp_path):
    uri = (tmp_path / "train.py").as_uri()
    with initialized_client(tmp_path) as client:
        client.send(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": BUGGY}},
        )
        (diagnostic,) = client.diagnostics(uri)
        inside = {"line": 3, "character": 4}
        request = client.send(
            "textDocument/hover", {"textDocument": {"uri": uri}, "position": inside}, True
        )
        hover = client.wait_for(lambda m: m.get("id") == request)["result"]
        assert hover["contents"]["kind"] == "markdown"
        assert hover["contents"]["value"].startswith("**TL001 stale-optimizer** (error)")
        assert diagnostic["codeDescription"]["href"] in hover["contents"]["value"]
        assert hover["range"] == diagnostic["range"]
        outside = {"line": 0, "character": 2}
        request = client.send(
            "textDocument/hover", {"textDocument": {"uri": uri}, "position": outside}, True
        )
        assert client.wait_for(lambda m: m.get("id") == request)["result"] is None


def test_an_unsaved_buffer_is_checked_with_the_workspace_modules(tmp_path):
    (tmp_path / "engine.py").write_text(
        "def train_step(net, opt, batch):\n    net(batch).sum().backward()\n    opt.step()\n"
    )
    text = textwrap.dedent(
        """\
        import torch
        from engine import train_step
        model = torch.nn.Linear(4, 1)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        for batch in loader:
            train_step(model, optimizer, batch)
        """
    )
    with initialized_client(tmp_path) as client:
        for uri, language, expected in [
            ("untitled:Untitled-1", "python", ["TL002"]),
            ("untitled:Untitled-2", "markdown", []),
        ]:
            client.send(
                "textDocument/didOpen",
                {
                    "textDocument": {
                        "uri": uri,
                        "languageId": language,
                        "version": 1,
                        "text": text,
                    }
                },
            )
            assert [d["code"] for d in client.diagnostics(uri)] == expected


def test_a_notebook_gets_diagnostics_on_its_cells(tmp_path):
    notebook_uri = (tmp_path / "train.ipynb").as_uri()
    texts = [
        "import torch\nmodel = Net()\noptimizer = torch.optim.SGD(model.parameters(), lr=0.1)",
        "# Training\nThe model is rebuilt below.",
        "model = Net()\nfor x in loader:\n    optimizer.zero_grad()\n"
        "    model(x).sum().backward()\n    optimizer.step()",
    ]
    kinds = [2, 1, 2]  # code, markup, code
    cells = [f"{notebook_uri}#cell{i}" for i in range(3)]
    with initialized_client(tmp_path) as client:
        client.send(
            "notebookDocument/didOpen",
            {
                "notebookDocument": {
                    "uri": notebook_uri,
                    "notebookType": "jupyter-notebook",
                    "version": 1,
                    "cells": [
                        {"kind": kind, "document": cell}
                        for kind, cell in zip(kinds, cells, strict=True)
                    ],
                },
                "cellTextDocuments": [
                    {"uri": cell, "languageId": "python", "version": 1, "text": text}
                    for cell, text in zip(cells, texts, strict=True)
                ],
            },
        )
        published = {}
        while len(published) < 3:
            message = client.wait_for(
                lambda m: m.get("method") == "textDocument/publishDiagnostics"
            )
            published[message["params"]["uri"]] = message["params"]["diagnostics"]
        assert published[cells[0]] == [] and published[cells[1]] == []
        (diagnostic,) = published[cells[2]]
        assert diagnostic["code"] == "TL001"
        assert diagnostic["range"]["start"] == {"line": 0, "character": 0}
        (related,) = diagnostic["relatedInformation"]
        assert related["location"]["uri"] == cells[0]
        assert related["location"]["range"]["start"]["line"] == 2

        client.send(
            "notebookDocument/didChange",
            {
                "notebookDocument": {"uri": notebook_uri, "version": 2},
                "change": {
                    "cells": {
                        "textContent": [
                            {
                                "document": {"uri": cells[2], "version": 2},
                                "changes": [{"text": texts[2].replace("model = Net()\n", "")}],
                            }
                        ]
                    }
                },
            },
        )
        assert client.diagnostics(cells[2]) == []


def _applied(text: str, edits: list[dict]) -> str:
    """`text` with LSP text edits applied (ASCII text: UTF-16 units are characters)."""
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))

    def offset(position: dict) -> int:
        return offsets[position["line"]] + position["character"]

    for edit in sorted(edits, key=lambda e: offset(e["range"]["start"]), reverse=True):
        start, end = offset(edit["range"]["start"]), offset(edit["range"]["end"])
        text = text[:start] + edit["newText"] + text[end:]
    return text


def test_code_actions_offer_the_fix_and_a_noqa_comment(tmp_path):
    text = textwrap.dedent(
        """\
        import torch
        model = torch.nn.Linear(4, 1)
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        for x, y in loader:
            loss = ((model(x) - y) ** 2).mean()
            loss.backward()
            opt.step()
        """
    )
    uri = (tmp_path / "train.py").as_uri()
    with initialized_client(tmp_path) as client:
        client.send(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}},
        )
        (diagnostic,) = client.diagnostics(uri)
        assert diagnostic["code"] == "TL002"
        request = client.send(
            "textDocument/codeAction",
            {
                "textDocument": {"uri": uri},
                "range": diagnostic["range"],
                "context": {"diagnostics": [diagnostic]},
            },
            True,
        )
        fix, noqa = client.wait_for(lambda m: m.get("id") == request)["result"]
        assert fix["kind"] == "quickfix" and fix["isPreferred"] is True
        assert "(TL002, safe)" in fix["title"]
        fixed = _applied(text, fix["edit"]["changes"][uri])
        assert "for x, y in loader:\n    opt.zero_grad()\n    loss = " in fixed
        assert noqa["title"] == "Add `# noqa: TL002` on line 7"
        silenced = _applied(text, noqa["edit"]["changes"][uri])
        assert silenced.splitlines()[6] == "    opt.step()  # noqa: TL002"

        client.send(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": fixed}]},
        )
        assert client.diagnostics(uri) == []
