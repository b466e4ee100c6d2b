"""Settings from the nearest configuration file, overridden by CLI flags.

A folder's configuration is its `.torchlint.toml`, else its `torchlint.toml` (both with the keys
at the top level), else the `[tool.torchlint]` table of its `pyproject.toml`; the nearest folder
that has one wins, and files are never merged (as in Ruff).
"""

from __future__ import annotations

import difflib
import functools
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pathspec

from torchlint.rules import RULE_INFOS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


class ConfigError(Exception):
    pass


DEFAULT_EXCLUDE = (
    ".git", ".hg", ".svn", ".bzr", ".venv", "venv", ".tox", ".nox", "__pycache__", "build", "dist",
    "node_modules", "site-packages", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".eggs",
    ".ipynb_checkpoints",
)  # fmt: skip

CONFIG_NAMES = (".torchlint.toml", "torchlint.toml", "pyproject.toml")
KEYS = (
    "select", "ignore", "exclude", "extend-exclude", "per-file-ignores", "respect-gitignore",
    "force-exclude", "cache-dir",
)  # fmt: skip


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    respect_gitignore: bool = True
    force_exclude: bool = False
    root: Path = field(default_factory=Path.cwd)
    config_file: Path | None = None
    cache_dir: Path | None = None  # None: `.torchlint_cache` in `root`

    def enabled_codes(self, path: str | None = None) -> frozenset[str]:
        codes = {info.code for info in RULE_INFOS if _matches(info, self.select)}
        codes -= {info.code for info in RULE_INFOS if _matches(info, self.ignore)}
        if path is not None:
            for pattern, ignored in self.per_file_ignores.items():
                if _path_matches(Path(path), (pattern,), self.root):
                    codes -= {info.code for info in RULE_INFOS if _matches(info, ignored)}
        return frozenset(codes)

    def is_excluded(self, path: Path, is_dir: bool = False) -> bool:
        """Gitignore-style patterns: without `/` they match a file or folder name at any depth
        (so a file inside an excluded folder is excluded too); with `/`, the path from the
        configuration's folder."""
        return _path_matches(path, (*self.exclude, *self.extend_exclude), self.root, is_dir)

    def excludes_entry(self, folder: str, name: str, is_dir: bool, root: str | None = None) -> bool:
        """`is_excluded` for an entry of an absolute `folder` that a directory walk has kept,
        so the folders above need no second look: string work only, once per entry. With
        `root`, the entry's path is taken from there (a folder named on the command line that
        an exclude covers)."""
        relative = relative_posix(folder, root or _absolute(self.root))
        entry = f"{relative}/{name}" if relative else name
        spec = _spec((*self.exclude, *self.extend_exclude))
        return spec.match_file(entry + "/" if is_dir else entry)


def _matches(info, selectors: Iterable[str]) -> bool:
    for selector in selectors:
        if selector == "ALL" or selector == info.name or info.code.startswith(selector):
            return True
    return False


def validate_selectors(selectors: Iterable[str], option: str) -> tuple[str, ...]:
    cleaned = tuple(s.strip() for s in selectors if s.strip())
    for selector in cleaned:
        if selector != "ALL" and not any(_matches(info, [selector]) for info in RULE_INFOS):
            known = ", ".join(f"{i.code} ({i.name})" for i in RULE_INFOS)
            raise ConfigError(f"{option}: unknown rule {selector!r}; known rules: {known}")
    return cleaned


@functools.lru_cache(maxsize=64)
def _spec(patterns: tuple[str, ...]) -> pathspec.PathSpec:
    return pathspec.PathSpec.from_lines("gitignore", patterns)


@functools.lru_cache(maxsize=64)
def _absolute(root: Path) -> str:
    return os.path.abspath(root)


def relative_posix(absolute: str, base: str) -> str:
    """`absolute` from `base`, `/`-separated (`""` for `base` itself); outside `base`, the whole
    path without its leading separator, so that only patterns without `/` can match it."""
    if absolute == base:
        return ""
    if absolute.startswith(base.rstrip(os.sep) + os.sep):
        absolute = absolute[len(base.rstrip(os.sep)) + 1 :]
    return absolute.lstrip(os.sep).replace(os.sep, "/")


def _path_matches(path: Path, patterns: tuple[str, ...], root: Path, is_dir: bool = False) -> bool:
    relative = relative_posix(os.path.abspath(path), _absolute(root))
    spec = _spec(patterns)
    if spec.match_file(relative + "/" if is_dir else relative):
        return True
    # As in git, what is inside a matching folder matches too.
    parts = relative.split("/")
    return any(spec.match_file("/".join(parts[:end]) + "/") for end in range(1, len(parts)))


def find_config(start: Path) -> Path | None:
    """The configuration file of `start`'s folder or the nearest folder above it that has one."""
    start = start.resolve()
    for directory in (start, *start.parents) if start.is_dir() else start.parents:
        for name in CONFIG_NAMES:
            candidate = directory / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_table(candidate)):
                return candidate
    return None


def _has_table(pyproject: Path) -> bool:
    # A pyproject.toml without [tool.torchlint] is not torchlint's configuration; an unreadable
    # one is, so that its error is reported rather than skipped.
    try:
        document = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return True
    return "torchlint" in document.get("tool", {})


def load_settings(path: Path | None) -> Settings:
    """Settings from a configuration file: `[tool.torchlint]` of a file named pyproject.toml,
    the top level of any other."""
    if path is None:
        return Settings()
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path}: cannot read configuration: {error}") from None
    section = "[tool.torchlint] " if path.name == "pyproject.toml" else ""
    table = document.get("tool", {}).get("torchlint", {}) if section else document
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.torchlint] must be a table")
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        close = difflib.get_close_matches(unknown[0], KEYS, 1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ConfigError(
            f"{path}: unknown {section}keys: {', '.join(unknown)}{hint}; "
            f"known keys: {', '.join(KEYS)}"
        )
    where = f"{path} {section}".rstrip()
    settings = Settings(root=path.parent, config_file=path)
    if "select" in table:
        settings = replace(
            settings, select=validate_selectors(_strings(table, "select", where), "select")
        )
    if "ignore" in table:
        settings = replace(
            settings, ignore=validate_selectors(_strings(table, "ignore", where), "ignore")
        )
    if "exclude" in table:
        settings = replace(settings, exclude=_strings(table, "exclude", where))
    if "extend-exclude" in table:
        settings = replace(settings, extend_exclude=_strings(table, "extend-exclude", where))
    for key in ("respect-gitignore", "force-exclude"):
        if key in table:
            if not isinstance(table[key], bool):
                raise ConfigError(f"{where}: {key} must be true or false")
            settings = replace(settings, **{key.replace("-", "_"): table[key]})
    if "per-file-ignores" in table:
        raw = table["per-file-ignores"]
        if not isinstance(raw, dict):
            raise ConfigError(f"{where}: per-file-ignores must be a table of glob = [codes]")
        per_file = {
            pattern: validate_selectors(
                _strings(raw, pattern, where), f"per-file-ignores {pattern!r}"
            )
            for pattern in raw
        }
        settings = replace(settings, per_file_ignores=per_file)
    if "cache-dir" in table:
        if not isinstance(table["cache-dir"], str):
            raise ConfigError(f"{where}: cache-dir must be a string")
        settings = replace(settings, cache_dir=path.parent / table["cache-dir"])
    return settings


def _strings(table: dict, key: str, where: str) -> tuple[str, ...]:
    value = table[key]
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: {key} must be a list of strings")
    return tuple(value)


def split_option(values: Sequence[str]) -> tuple[str, ...]:
    """`--select TL001,TL002 --select stale-optimizer` -> ('TL001', 'TL002', 'stale-optimizer')."""
    return tuple(part for value in values for part in value.split(","))
