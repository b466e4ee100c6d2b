"""Paths on the command line -> the files to check, and the paths that cannot be read."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pathspec

from torchlint.config import Settings

SOURCE_SUFFIXES = (".py", ".pyi", ".ipynb")


@dataclass
class Discovery:
    files: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def discover(paths: Sequence[str], settings: Settings) -> Discovery:
    """Excludes and `.gitignore` files prune what a directory walk finds; a path named on the
    command line is checked even if excluded, unless `force_exclude` (pre-commit names every
    staged file, excluded or not)."""
    found = Discovery()
    seen: set[str] = set()
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            found.errors.append(f"{raw}: no such file or directory")
            continue
        if settings.force_exclude and settings.is_excluded(path, path.is_dir()):
            continue
        if path.is_dir():
            ignores = _GitIgnores.above(path) if settings.respect_gitignore else None
            candidates: Iterator[str] = _walk(path, settings, ignores)
        else:
            candidates = iter([raw])
        for candidate in candidates:
            if candidate not in seen:
                seen.add(candidate)
                found.files.append(candidate)
    return found


def _walk(root: Path, settings: Settings, ignores: _GitIgnores | None) -> Iterator[str]:
    layers = {os.path.abspath(root): ignores}
    for directory, subdirectories, filenames in os.walk(root):
        here = Path(directory)
        ignores = layers.pop(os.path.abspath(directory))
        if ignores is not None:
            ignores = ignores.with_file(here)
        subdirectories[:] = sorted(
            d for d in subdirectories
            if _kept(here / d, True, settings, ignores) and not (here / d / "pyvenv.cfg").exists()
        )  # fmt: skip
        layers.update((os.path.abspath(here / d), ignores) for d in subdirectories)
        for filename in sorted(filenames):
            if filename.endswith(SOURCE_SUFFIXES) and _kept(
                here / filename, False, settings, ignores
            ):
                yield str(here / filename)


def _kept(path: Path, is_dir: bool, settings: Settings, ignores: _GitIgnores | None) -> bool:
    if settings.is_excluded(path, is_dir):
        return False
    return ignores is None or not ignores.ignores(path, is_dir)


@dataclass(frozen=True)
class _GitIgnores:
    """The `.gitignore` files that apply in a folder, each with its folder, nearest last."""

    layers: tuple[tuple[str, pathspec.GitIgnoreSpec], ...] = ()

    @classmethod
    def above(cls, directory: Path) -> _GitIgnores:
        """The ignore files of the repository that holds `directory`, from its root down to the
        folder above `directory` (whose own `.gitignore` the walk reads); none outside git."""
        folders = [Path(os.path.abspath(directory)), *Path(os.path.abspath(directory)).parents]
        repository = next((f for f in folders if (f / ".git").exists()), None)
        if repository is None:
            return cls()
        ignores = cls()._with(repository, repository / ".git" / "info" / "exclude")
        for folder in reversed(folders[1 : folders.index(repository) + 1]):
            ignores = ignores.with_file(folder)
        return ignores

    def with_file(self, folder: Path) -> _GitIgnores:
        return self._with(folder, folder / ".gitignore")

    def _with(self, folder: Path, file: Path) -> _GitIgnores:
        try:
            lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return self
        spec = pathspec.GitIgnoreSpec.from_lines(lines)
        return _GitIgnores((*self.layers, (os.path.abspath(folder), spec)))

    def ignores(self, path: Path, is_dir: bool) -> bool:
        absolute = os.path.abspath(path)
        for folder, spec in reversed(self.layers):
            relative = Path(os.path.relpath(absolute, folder)).as_posix()
            if relative.startswith("../"):
                continue
            # The last matching pattern of the nearest file decides; `!pattern` re-includes.
            verdict = spec.check_file(relative + "/" if is_dir else relative).include
            if verdict is not None:
                return verdict
        return False
