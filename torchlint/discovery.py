"""Paths on the command line -> the files to check, and the paths that cannot be read."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from torchlint.config import Settings

SOURCE_SUFFIXES = (".py", ".pyi", ".ipynb")


@dataclass
class Discovery:
    files: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def discover(paths: Sequence[str], settings: Settings) -> Discovery:
    found = Discovery()
    seen: set[str] = set()
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            found.errors.append(f"{raw}: no such file or directory")
            continue
        if path.is_dir():
            candidates: Iterator[str] = _walk(path, settings)
        elif settings.is_excluded(path):
            continue
        else:
            candidates = iter([raw])
        for candidate in candidates:
            if candidate not in seen:
                seen.add(candidate)
                found.files.append(candidate)
    return found


def _walk(root: Path, settings: Settings) -> Iterator[str]:
    for directory, subdirectories, filenames in os.walk(root):
        here = Path(directory)
        subdirectories[:] = sorted(
            d for d in subdirectories
            if not settings.is_excluded(here / d) and not (here / d / "pyvenv.cfg").exists()
        )  # fmt: skip
        for filename in sorted(filenames):
            if filename.endswith(SOURCE_SUFFIXES):
                candidate = here / filename
                if not settings.is_excluded(candidate):
                    yield str(candidate)
