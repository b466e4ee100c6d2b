"""The parent side of a smoke run: start the child, watch the clock, collect its report.

The child runs in a session of its own, so a timeout can end it and everything it started (data
loader workers included) with one signal to the process group: no orphaned processes.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_GRACE_SECONDS = 5.0
# The child imports this very torchlint, not one that happens to sit in the working directory
# (a checkout of another version): `python -m` would put the working directory first.
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])
_CHILD = (
    "import sys; sys.path[0] = sys.argv.pop(1); from torchlint.dynamic.child import main; main()"
)
_OUTPUT_TAIL_LINES = 20


class DynamicUnavailable(Exception):
    """torch cannot be imported by this Python, so no smoke run is possible."""


@dataclass(frozen=True)
class RunOptions:
    batches: int = 5
    max_steps: int = 100
    timeout: float = 120.0
    device: str = "auto"
    synthetic_size: int = 512


@dataclass
class RunResult:
    report: dict[str, Any]
    output_tail: list[str] = field(default_factory=list)
    killed: bool = False


def torch_available() -> bool:
    return importlib.util.find_spec("torch") is not None


def run_script(
    script: str,
    args: Sequence[str],
    options: RunOptions,
    progress: Callable[[dict[str, Any]], None] | None = None,
) -> RunResult:
    if not torch_available():
        raise DynamicUnavailable(
            # The extra's packages by name: torchlint itself may not come from a package index.
            f"dynamic mode needs PyTorch in this Python: "
            f"{sys.executable} -m pip install torch torchvision"
        )
    with tempfile.TemporaryDirectory(prefix="torchlint-run-") as scratch:
        scratch_dir = Path(scratch)
        saves = scratch_dir / "saved"
        saves.mkdir()
        config = {
            "script": script,
            "args": list(args),
            "device": options.device,
            "batches": options.batches,
            "max_steps": options.max_steps,
            "synthetic_size": options.synthetic_size,
            "save_dir": str(saves),
            "report": str(scratch_dir / "report.json"),
            "status": str(scratch_dir / "status.json"),
        }
        config_path = scratch_dir / "config.json"
        config_path.write_text(json.dumps(config), encoding="utf-8")
        log_path = scratch_dir / "output.log"
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-c", _CHILD, _PACKAGE_ROOT, str(config_path)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            killed = _wait(process, options.timeout, Path(config["status"]), progress)
        report = _read_report(Path(config["report"]), process.returncode, killed)
        lines = log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        return RunResult(report, lines[-_OUTPUT_TAIL_LINES:], killed)


def _wait(
    process: subprocess.Popen,
    timeout: float,
    status: Path,
    progress: Callable[[dict[str, Any]], None] | None,
) -> bool:
    """Wait for the child; on timeout SIGTERM it (it writes its report), then SIGKILL the group."""
    deadline = time.monotonic() + timeout
    killed = False
    while process.poll() is None:
        if progress is not None:
            progress(_read_status(status))
        if time.monotonic() >= deadline:
            _signal_group(process, signal.SIGTERM)
            try:
                process.wait(_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                killed = True
            break
        time.sleep(0.1)
    _signal_group(process, signal.SIGKILL)
    process.wait()
    return killed


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signum)


def _read_status(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _read_report(path: Path, returncode: int | None, killed: bool) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        status = "killed" if killed else "no-report"
        return {"status": status, "exit_code": returncode}
