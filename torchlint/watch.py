"""`torchlint --watch`: check, then check again whenever a watched file changes, until Ctrl-C.

Polling modification times needs no dependency and works on every file system (network
mounts and containers included, where change notifications often do not arrive). Each check
is a whole run, so the cache makes the unchanged files cost nothing, and a change in an imported
module re-checks the files that import it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence

import click

from torchlint.analysis.project import sibling_modules
from torchlint.config import Settings
from torchlint.discovery import discover

INTERVAL_SECONDS = 0.5


def watch_paths(paths: Sequence[str], settings: Settings, check_once: Callable[[], object]) -> None:
    """Run `check_once` now and after every change to the files `paths` name, the project
    modules beside them, or the configuration; return on Ctrl-C."""
    try:
        stamps = _stamps(paths, settings)
        _check(check_once)
        while True:
            time.sleep(INTERVAL_SECONDS)
            current = _stamps(paths, settings)
            if current != stamps:
                changed = sorted(
                    p for p in current.keys() | stamps.keys() if current.get(p) != stamps.get(p)
                )
                stamps = current
                what = changed[0] if len(changed) == 1 else f"{len(changed)} files"
                click.echo(f"torchlint: {what} changed, checking again", err=True)
                _check(check_once)
    except KeyboardInterrupt:
        return


def _check(check_once: Callable[[], object]) -> None:
    try:
        check_once()
    except click.exceptions.Exit:
        pass  # one check's exit status; watching goes on
    except click.ClickException as error:  # e.g. a configuration edited into an invalid one
        error.show()
    click.echo("torchlint: watching for changes (Ctrl-C to stop)", err=True)


def _stamps(paths: Sequence[str], settings: Settings) -> dict[str, tuple[int, int]]:
    files = discover(paths, settings).files
    watched = [*files, *sibling_modules(files), str(settings.root / "pyproject.toml")]
    stamps = {}
    # Discovery gives paths as written, `sibling_modules` absolute ones: one stamp per file.
    for path in {os.path.abspath(path) for path in watched}:
        try:
            status = os.stat(path)
        except OSError:
            continue
        stamps[path] = (status.st_mtime_ns, status.st_size)
    return stamps
