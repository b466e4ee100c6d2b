"""The child process, started by `runner` with the path of its CONFIG.json.

Installs the instrumentation, runs the script as `__main__`, and always writes a report — after a
normal end, a crash, `sys.exit`, the step budget, or SIGTERM from the parent's timeout.
"""

from __future__ import annotations

import json
import os
import runpy
import signal
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import Any


class SmokeTimeout(BaseException):
    """The parent's time budget ran out (SIGTERM)."""


def _write_json(path: str, data: dict[str, Any]) -> None:
    partial = f"{path}.partial"
    with open(partial, "w", encoding="utf-8") as handle:
        json.dump(data, handle)
    os.replace(partial, path)


def _exception_report(error: BaseException, script: str) -> dict[str, Any]:
    frames = traceback.extract_tb(error.__traceback__)
    in_script = [f for f in frames if f.filename == script]
    where = in_script[-1] if in_script else (frames[-1] if frames else None)
    return {
        "type": type(error).__name__,
        "message": str(error),
        "line": where.lineno if where and where.filename == script else None,
        "location": f"{where.filename}:{where.lineno}" if where else None,
        "traceback": "".join(traceback.format_exception(error))[-4000:],
    }


def _report_progress(path: str, recorder: Any, started: float, stop: threading.Event) -> None:
    while not stop.wait(0.25):
        _write_json(path, {"steps": recorder.steps, "elapsed": time.monotonic() - started})


def _prepare(config: dict[str, Any], script: str, result: dict[str, Any]) -> tuple[Any, Any]:
    """Import torch and install everything before the script's first line runs."""
    import torch

    from torchlint.dynamic import instrument, offline

    device = config["device"]
    if device == "auto":
        device = "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise RuntimeError("--device cuda was requested, but CUDA is not available here")
    result["device"] = device
    substitutions = offline.Substitutions()
    if device == "cpu":
        offline.map_cuda_to_cpu(substitutions)
    offline.cap_data_loaders(config["batches"])
    if "torchvision" in Path(script).read_text(encoding="utf-8", errors="replace"):
        offline.synthesize_missing_datasets(substitutions, config["synthetic_size"])
    offline.redirect_saves(Path(config["save_dir"]), substitutions)
    recorder = instrument.Recorder(script, config["max_steps"])
    instrument.install(recorder)

    def on_term(signum: int, frame: Any) -> None:
        raise SmokeTimeout

    signal.signal(signal.SIGTERM, on_term)
    return recorder, substitutions


def main() -> None:
    config = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    script = os.path.realpath(config["script"])
    started = time.monotonic()
    result: dict[str, Any] = {"status": "completed"}
    stop_progress = threading.Event()
    try:
        recorder, substitutions = _prepare(config, script, result)
    except BaseException as error:
        result["status"] = "setup-failed"
        result["exception"] = _exception_report(error, script)
        _write_json(config["report"], result)
        return
    try:
        threading.Thread(
            target=_report_progress,
            args=(config["status"], recorder, started, stop_progress),
            daemon=True,
        ).start()
        sys.argv = [script, *config["args"]]
        sys.path.insert(0, os.path.dirname(script))
        runpy.run_path(script, run_name="__main__")
    except SmokeTimeout:
        result["status"] = "timeout"
    except SystemExit as error:
        code = error.code
        if code not in (None, 0):
            result["status"] = "exited"
            result["exit_code"] = code if isinstance(code, int) else 1
            result["exception"] = {"type": "SystemExit", "message": str(code), "line": None}
    except BaseException as error:
        if type(error).__name__ == "StopSmokeRun":
            result["status"] = "step-budget"
        else:
            result["status"] = "crashed"
            result["exception"] = _exception_report(error, script)
    finally:
        stop_progress.set()
        result["elapsed"] = time.monotonic() - started
        result |= recorder.report()
        result["substitutions"] = substitutions.report()
        _write_json(config["report"], result)
