"""The results cache: a warm run prints what a cold run prints, and anything a file's findings
depend on (its text, the modules it imports, the settings, torchlint itself) invalidates it."""

import json
import os
import queue
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

import torchlint.cache
import torchlint.engine
from torchlint.cli import main

ROOT = Path(__file__).parent.parent

LAYERS = """\
import torch


def scores(x):
    return torch.softmax(x, dim=1)
"""
LAYERS_WITHOUT_SOFTMAX = """\
import torch


def scores(x):
    return x
"""
MODELS = """\
import torch.nn as nn

from layers import scores


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(10, 2)

    def forward(self, x):
        return scores(self.fc(x))
"""
METRICS = """\
def accuracy(model, loader):
    model.eval()
    correct = total = 0
    for x, y in loader:
        logits = model(x)
        correct += (logits.argmax(1) == y).sum().item()
        total += y.numel()
    return correct / total
"""
TRAIN = """\
import torch
import torch.nn as nn

from metrics import accuracy
from models import Net

model = Net()
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
for x, y in loader:
    optimizer.zero_grad()
    loss = criterion(model(x), y)
    loss.backward()
    optimizer.step()
with torch.no_grad():
    print(accuracy(model, val_loader))
"""
NOTEBOOK = {
    "nbformat": 4,
    "cells": [
        {"cell_type": "markdown", "source": ["# Training\n"]},
        {"cell_type": "code", "source": ["import torch\n"]},
        {
            "cell_type": "code",
            "source": [
                "for x, y in loader:\n",
                "    loss = criterion(model(x), y)\n",
                "    loss.backward()\n",
                "    optimizer.step()\n",
            ],
        },
    ],
}


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(torchlint.cache.ENVIRONMENT_VARIABLE, raising=False)
    (tmp_path / "layers.py").write_text(LAYERS)
    (tmp_path / "models.py").write_text(MODELS)
    (tmp_path / "metrics.py").write_text(METRICS)
    (tmp_path / "train.py").write_text(TRAIN)
    (tmp_path / "explore.ipynb").write_text(json.dumps(NOTEBOOK))
    return tmp_path


def lint(*args: str):
    result = CliRunner().invoke(main, ["--format", "json", "--jobs", "1", *args])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def codes(findings) -> list[tuple[str, str]]:
    return sorted((f["path"], f["code"]) for f in findings)


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json"))


def mark_cached_findings(folder: Path) -> None:
    """Prefix every stored message, so the output shows whether an entry was used."""
    for path in entries(folder):
        entry = json.loads(path.read_text())
        for finding in entry["findings"]:
            finding["message"] = "cached: " + finding["message"]
        path.write_text(json.dumps(entry))


def cached_messages(findings) -> list[str]:
    return [f["message"] for f in findings if f["message"].startswith("cached: ")]


def test_a_warm_run_prints_what_the_cold_run_printed_without_parsing(project, monkeypatch):
    cold_json = lint(".")
    cold_text = CliRunner().invoke(main, ["--jobs", "1", "--color", "always", "."])
    assert ("train.py", "TL003") in codes(cold_json)
    assert any(f["related"] and f["related"][0]["path"] == "layers.py" for f in cold_json)
    assert any(f["cell"] == 3 for f in cold_json)
    assert len(entries(project / ".torchlint_cache")) == 5

    def no_parsing(*args, **kwargs):
        raise AssertionError("a warm run parsed a file")

    monkeypatch.setattr(torchlint.engine.cst, "parse_module", no_parsing)
    assert lint(".") == cold_json
    warm_text = CliRunner().invoke(main, ["--jobs", "1", "--color", "always", "."])
    assert (warm_text.stdout, warm_text.stderr) == (cold_text.stdout, cold_text.stderr)


def test_an_edited_file_is_checked_again(project):
    assert ("explore.ipynb", "TL002") in codes(lint("."))
    notebook = json.loads((project / "explore.ipynb").read_text())
    notebook["cells"][2]["source"].insert(1, "    optimizer.zero_grad()\n")
    (project / "explore.ipynb").write_text(json.dumps(notebook))
    assert ("explore.ipynb", "TL002") not in codes(lint("."))


def test_editing_an_imported_module_changes_the_importers_findings(project):
    assert ("train.py", "TL003") in codes(lint("."))
    # train.py imports models.py, which imports layers.py: neither train.py nor models.py changed.
    (project / "layers.py").write_text(LAYERS_WITHOUT_SOFTMAX)
    warm = lint(".")
    assert ("train.py", "TL003") not in codes(warm)
    assert warm == lint("--no-cache", ".")
    (project / "layers.py").write_text(LAYERS)
    assert ("train.py", "TL003") in codes(lint("."))


def test_an_unchanged_module_is_judged_by_its_edited_callers(project):
    assert ("metrics.py", "TL004") not in codes(lint("."))
    # metrics.py is unchanged, but its only caller now runs it with gradients enabled.
    train = (project / "train.py").read_text()
    (project / "train.py").write_text(train.replace("with torch.no_grad():", "if True:"))
    warm = lint(".")
    assert ("metrics.py", "TL004") in codes(warm)
    assert warm == lint("--no-cache", ".")


def test_a_trainer_module_is_judged_by_whether_its_unchanged_importer_switches_to_eval(
    tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "trainer.py").write_text(
        "import torch\n\n"
        "class Trainer:\n"
        "    def __init__(self, model):\n"
        "        self.model = model\n\n"
        "    def train_epoch(self, loader):\n"
        "        self.model.train()\n\n"
        "    @torch.no_grad()\n"
        "    def evaluate(self, loader):\n"
        "        return sum(self.model(x).argmax(1).eq(y).sum().item() for x, y in loader)\n"
    )
    script = "import torch\nfrom trainer import Trainer\nt = Trainer(net)\nt.model.eval()\n"
    (tmp_path / "train.py").write_text(script)
    assert codes(lint(".")) == []
    (tmp_path / "train.py").write_text(script.replace("t.model.eval()", "t.evaluate(loader)"))
    assert codes(lint(".")) == [("trainer.py", "TL007")]


def test_entries_are_used_while_settings_and_torchlint_stay_the_same(project):
    lint(".")
    mark_cached_findings(project / ".torchlint_cache")
    assert len(cached_messages(lint("."))) == len(lint("--no-cache", "."))


def test_other_settings_do_not_use_the_entries(project):
    lint(".")
    mark_cached_findings(project / ".torchlint_cache")
    assert cached_messages(lint("--ignore", "TL016", ".")) == []
    (project / "pyproject.toml").write_text('[tool.torchlint]\nignore = ["TL016"]\n')
    assert cached_messages(lint(".")) == []


@pytest.mark.parametrize(
    ("name", "other"),
    [
        ("__version__", "99.0"),
        ("_code_digest", lambda: "edited"),
        ("_libcst_version", lambda: "0.1"),
    ],
)
def test_another_torchlint_or_libcst_does_not_use_the_entries(project, monkeypatch, name, other):
    lint(".")
    mark_cached_findings(project / ".torchlint_cache")
    monkeypatch.setattr(torchlint.cache, name, other)
    assert cached_messages(lint(".")) == []


@pytest.mark.parametrize("damage", ["truncate", "garbage", "foreign"])
def test_a_damaged_entry_is_ignored_and_rebuilt(project, damage):
    cold = lint(".")
    for path in entries(project / ".torchlint_cache"):
        text = path.read_text()
        if damage == "truncate":
            path.write_text(text[: len(text) // 2])
        elif damage == "garbage":
            path.write_bytes(b"\x00\xff" * 10)
        else:
            entry = json.loads(text)
            path.write_text(json.dumps({"key": entry["key"], "findings": [{"line": "one"}]}))
    assert lint(".") == cold
    for path in entries(project / ".torchlint_cache"):
        assert set(json.loads(path.read_text())) == {
            "key",
            "findings",
            "calls_out",
            "conditional",
            "switched_to_eval",
            "unless_switched",
        }
    assert lint(".") == cold


def test_the_cache_folder_is_ignored_by_git_and_backups(project):
    lint(".")
    folder = project / ".torchlint_cache"
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (
        (folder / "CACHEDIR.TAG")
        .read_text()
        .startswith("Signature: 8a477f597d28d172789f06886806bc55")
    )
    assert not list(folder.glob("*.tmp"))


def test_no_cache_neither_reads_nor_writes(project):
    lint(".")
    mark_cached_findings(project / ".torchlint_cache")
    assert cached_messages(lint("--no-cache", ".")) == []
    other = project / "other"
    other.mkdir()
    (other / "train.py").write_text(TRAIN)
    lint("--no-cache", str(other))
    assert not (other / ".torchlint_cache").exists()
    assert len(entries(project / ".torchlint_cache")) == 5


def test_stdin_is_never_cached(project):
    result = CliRunner().invoke(
        main, ["--stdin-filename", "train.py", "-"], input=(project / "train.py").read_text()
    )
    assert result.exit_code == 1, result.output
    assert not (project / ".torchlint_cache").exists()


def test_the_cache_folder_comes_from_the_option_the_environment_or_the_configuration(
    project, monkeypatch, tmp_path_factory
):
    configured, environment, option = (tmp_path_factory.mktemp(name) for name in "ceo")
    (project / "pyproject.toml").write_text(f'[tool.torchlint]\ncache-dir = "{configured}"\n')
    lint(".")
    assert len(entries(configured)) == 5
    monkeypatch.setenv(torchlint.cache.ENVIRONMENT_VARIABLE, str(environment))
    lint(".")
    assert len(entries(environment)) == 5
    lint("--cache-dir", str(option), ".")
    assert len(entries(option)) == 5
    assert not (project / ".torchlint_cache").exists()


def test_concurrent_runs_share_one_cache(project):
    expected = lint("--no-cache", ".")
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "torchlint", "--format", "json", "-q", "."]
    runs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, env=environment, cwd=project)
        for _ in range(4)
    ]
    for run in runs:
        output, _ = run.communicate(timeout=120)
        assert run.returncode == 1
        assert json.loads(output) == expected
    assert lint(".") == expected
    assert not list((project / ".torchlint_cache").glob("*.tmp"))


def test_watch_does_not_read_stdin(project):
    result = CliRunner().invoke(main, ["--watch", "-"], input="import torch\n")
    assert result.exit_code == 2
    assert "--watch needs files or folders" in result.stderr


def test_the_default_cache_folder_is_beside_the_configuration(project):
    (project / "pyproject.toml").write_text("[tool.torchlint]\n")
    os.chdir(project / "..")
    lint(str(project))
    assert len(entries(project / ".torchlint_cache")) == 5


def _lines(stream, into: queue.Queue) -> None:
    for line in stream:
        into.put(line)


def _wait_for(lines: queue.Queue, text: str, seen: list[str]) -> None:
    while True:
        try:
            line = lines.get(timeout=60)
        except queue.Empty:
            raise AssertionError(
                f"no {text!r} within 60 s; output so far:\n{''.join(seen)}"
            ) from None
        seen.append(line)
        if text in line:
            return


def test_watch_checks_again_after_an_edit_and_exits_zero_on_ctrl_c(tmp_path):
    clean = textwrap.dedent(
        """\
        import torch

        for x, y in loader:
            optimizer.zero_grad()
            criterion(model(x), y).backward()
            optimizer.step()
        """
    )
    train = tmp_path / "train.py"
    train.write_text(clean)
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "torchlint", "--watch", "--format", "concise", "."],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=environment,
        cwd=tmp_path,
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_lines, args=(process.stdout, lines), daemon=True).start()
    seen: list[str] = []
    try:
        _wait_for(lines, "watching for changes", seen)
        assert not any("TL002" in line for line in seen)
        train.write_text(clean.replace("    optimizer.zero_grad()\n", ""))
        _wait_for(lines, "train.py changed, checking again", seen)
        _wait_for(lines, "TL002", seen)
        _wait_for(lines, "watching for changes", seen)
        train.write_text(clean)
        _wait_for(lines, "No findings in 1 file.", seen)
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=60) == 0, "".join(seen)
    finally:
        process.kill()
        process.wait()
