"""Settings from `[tool.torchlint]` in the nearest pyproject.toml, overridden by CLI flags."""

from __future__ import annotations

import fnmatch
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

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


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    root: Path = field(default_factory=Path.cwd)
    cache_dir: Path | None = None  # None: `.torchlint_cache` in `root`

    def enabled_codes(self, path: str | None = None) -> frozenset[str]:
        codes = {info.code for info in RULE_INFOS if _matches(info, self.select)}
        codes -= {info.code for info in RULE_INFOS if _matches(info, self.ignore)}
        if path is not None:
            for pattern, ignored in self.per_file_ignores.items():
                if _path_matches(Path(path), pattern, self.root):
                    codes -= {info.code for info in RULE_INFOS if _matches(info, ignored)}
        return frozenset(codes)

    def is_excluded(self, path: Path) -> bool:
        """Patterns without `/` match a file or directory name; others the path from the root."""
        return any(
            _path_matches(path, pattern, self.root)
            for pattern in (*self.exclude, *self.extend_exclude)
        )


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


def _path_matches(path: Path, pattern: str, root: Path) -> bool:
    pattern = pattern.rstrip("/")
    if "/" not in pattern:
        return fnmatch.fnmatchcase(path.name, pattern)
    try:
        relative = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return False
    return fnmatch.fnmatchcase(relative, pattern) or fnmatch.fnmatchcase(relative, pattern + "/*")


def find_pyproject(start: Path) -> Path | None:
    start = start.resolve()
    for directory in (start, *start.parents) if start.is_dir() else start.parents:
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_settings(pyproject: Path | None) -> Settings:
    if pyproject is None:
        return Settings()
    try:
        document = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{pyproject}: cannot read configuration: {error}") from None
    table = document.get("tool", {}).get("torchlint", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{pyproject}: [tool.torchlint] must be a table")
    known = {"select", "ignore", "exclude", "extend-exclude", "per-file-ignores", "cache-dir"}
    unknown = set(table) - known
    if unknown:
        raise ConfigError(
            f"{pyproject}: unknown [tool.torchlint] keys: {', '.join(sorted(unknown))}"
        )
    settings = Settings(root=pyproject.parent)
    where = f"{pyproject} [tool.torchlint]"
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
        settings = replace(settings, cache_dir=pyproject.parent / table["cache-dir"])
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
