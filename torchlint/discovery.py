"""Paths on the command line -> the files to check, and the paths that cannot be read."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pathspec

from torchlint.config import Settings, relative_posix

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
            # A folder named here is checked even where an exclude or a `.gitignore` covers it
            # (`torchlint .venv/lib/python3.11/site-packages/torch`): they apply below it only.
            named = os.path.abspath(path)
            exclude_root = named if settings.is_excluded(path, True) else None
            ignores = _GitIgnores.above(path) if settings.respect_gitignore else None
            if ignores is not None and ignores.ignores_entry(*os.path.split(named), True):
                ignores = _GitIgnores()
            candidates: Iterator[str] = _walk(path, settings, ignores, exclude_root)
        else:
            candidates = iter([raw])
        for candidate in candidates:
            if candidate not in seen:
                seen.add(candidate)
                found.files.append(candidate)
    return found


def _walk(
    root: Path, settings: Settings, ignores: _GitIgnores | None, exclude_root: str | None
) -> Iterator[str]:
    layers = {os.path.abspath(root): ignores}
    for directory, subdirectories, filenames in os.walk(root):
        folder = os.path.abspath(directory)
        ignores = layers.pop(folder)
        if ignores is not None:
            ignores = ignores.with_file(folder)
        subdirectories[:] = sorted(
            d for d in subdirectories
            if _kept(settings, ignores, folder, d, True, exclude_root)
            and not os.path.exists(os.path.join(directory, d, "pyvenv.cfg"))
        )  # fmt: skip
        layers.update((os.path.join(folder, d), ignores) for d in subdirectories)
        here = Path(directory)
        for filename in sorted(filenames):
            if filename.endswith(SOURCE_SUFFIXES) and _kept(
                settings, ignores, folder, filename, False, exclude_root
            ):
                yield str(here / filename)


def _kept(
    settings: Settings,
    ignores: _GitIgnores | None,
    folder: str,
    name: str,
    is_dir: bool,
    exclude_root: str | None,
) -> bool:
    if settings.excludes_entry(folder, name, is_dir, exclude_root):
        return False
    return ignores is None or not ignores.ignores_entry(folder, name, is_dir)


@dataclass(frozen=True)
class _GitIgnores:
    """The `.gitignore` files that apply in a folder, each with its folder, nearest last."""

    layers: tuple[tuple[str, pathspec.GitIgnoreSpec], ...] = ()

    @classmethod
    def above(cls, directory: Path) -> _GitIgnores:
        """The ignore files of the repository that holds `directory`, from its root down to the
        folder above `directory` (whose own `.gitignore` the walk reads); none outside git."""
        folders = [os.path.abspath(directory)]
        while os.path.dirname(folders[-1]) != folders[-1]:
            folders.append(os.path.dirname(folders[-1]))
        repository = next((f for f in folders if os.path.exists(os.path.join(f, ".git"))), None)
        if repository is None:
            return cls()
        ignores = cls()._with(repository, os.path.join(repository, ".git", "info", "exclude"))
        for folder in reversed(folders[1 : folders.index(repository) + 1]):
            ignores = ignores.with_file(folder)
        return ignores

    def with_file(self, folder: str) -> _GitIgnores:
        return self._with(folder, os.path.join(folder, ".gitignore"))

    def _with(self, folder: str, file: str) -> _GitIgnores:
        try:
            with open(file, encoding="utf-8", errors="replace") as stream:
                lines = stream.read().splitlines()
        except OSError:
            return self
        return _GitIgnores((*self.layers, (folder, pathspec.GitIgnoreSpec.from_lines(lines))))

    def ignores_entry(self, folder: str, name: str, is_dir: bool) -> bool:
        """Whether `name` in `folder` (absolute, at or below every layer's folder) is ignored:
        the nearest file with a matching pattern decides, by its last one (`!` re-includes)."""
        for base, spec in reversed(self.layers):
            relative = relative_posix(folder, base)
            entry = f"{relative}/{name}" if relative else name
            verdict = spec.check_file(entry + "/" if is_dir else entry).include
            if verdict is not None:
                return verdict
        return False
