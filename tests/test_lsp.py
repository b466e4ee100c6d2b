"""A real LSP session with `torchlint server` over stdio: initialize, open, change, shut down."""

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
    client = Client()
    try:
        request = client.send(
            "initialize",
            {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {}},
            request=True,
        )
        client.wait_for(lambda m: m.get("id") == request)
        client.send("initialized", {})
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
        request = client.send("shutdown", None, request=True)
        client.wait_for(lambda m: m.get("id") == request)
        client.send("exit", None)
        assert client.process.wait(timeout=30) == 0
    finally:
        if client.process.poll() is None:
            client.process.kill()
