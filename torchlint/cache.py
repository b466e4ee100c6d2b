"""Results of earlier runs, so an unchanged file is not parsed again.

A file's findings depend on its bytes, the rules enabled for it, the torchlint that checked it,
and the exports of the project modules it imports, which depend in turn on theirs (see
`engine.Imports`). The key of a file hashes all of that: its own bytes and place in the project
(module name, the names other files import from it, the modules it imports), the same for every
module it imports directly or transitively, the enabled codes, torchlint's version and code, and
the versions of Python and libcst.
Editing `layers.py` thus changes the key of `train.py` when `train.py` imports `models.py`
and `models.py` imports `layers.py`.

An entry holds a file's result before the project-wide pass (its unconditional findings, the
findings its callers decide and the calls it makes into other modules), so findings that depend
on callers in other files are decided again on every run. One JSON file per checked file,
written to a temporary file and renamed into place, so concurrent runs never read half an entry;
an entry that does not load, or whose key differs, is checked again and replaced.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from torchlint import __version__
from torchlint.engine import FileResult
from torchlint.findings import Applicability, Edit, Finding, Fix, Related, Severity
from torchlint.sources import write_atomically

if TYPE_CHECKING:
    from torchlint.config import Settings
    from torchlint.engine import _ProjectPlan

CACHE_DIR_NAME = ".torchlint_cache"
ENVIRONMENT_VARIABLE = "TORCHLINT_CACHE_DIR"
_FORMAT = 2
_CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by torchlint.\n"
    "# For information about cache directory tags, see https://bford.info/cachedir/\n"
)


def cache_directory(settings: Settings, option: str | None) -> Path:
    """`--cache-dir`, else `TORCHLINT_CACHE_DIR`, else `cache-dir` in the configuration, else
    `.torchlint_cache` beside the configuration (or in the current directory)."""
    chosen = option or os.environ.get(ENVIRONMENT_VARIABLE)
    if chosen:
        return Path(chosen)
    return settings.cache_dir or settings.root / CACHE_DIR_NAME


class ResultCache:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._prepared = False
        # Python places positions and checks what libcst rejects; libcst parses: both count.
        versions = [_FORMAT, __version__, _code_digest(), sys.version, _libcst_version()]
        self._salt = json.dumps(versions)

    def keys(self, plan: _ProjectPlan) -> dict[str, str]:
        """The key of each file `plan` checks from disk (stdin is never cached)."""
        deep: dict[str, str] = {}  # path -> hash of the module and all it imports
        for group in plan.groups:  # each after the groups it imports
            digest = hashlib.blake2b(digest_size=20)
            for path in group:
                module = plan.index.modules[path]
                place = [
                    path,
                    module.name,
                    module.root,
                    module.is_package,
                    sorted(plan.wanted.get(path, ())),
                    plan.depends.get(path, []),
                ]
                digest.update(json.dumps(place).encode())
                digest.update(hashlib.blake2b(plan.data[path] or b"").digest())
            members = set(group)
            imported = {d for path in group for d in plan.depends.get(path, ()) if d not in members}
            for dependency in sorted(imported):
                digest.update(deep[dependency].encode())
            for path in group:
                deep[path] = digest.hexdigest()
        keys = {}
        for path, job in plan.jobs.items():
            if job.checked and job.data is None and plan.data[path] is not None:
                # A run that applies or shows fixes needs entries that carry them.
                identity = json.dumps([self._salt, path, sorted(job.codes), job.fixes, deep[path]])
                keys[path] = hashlib.blake2b(identity.encode(), digest_size=20).hexdigest()
        return keys

    def load(self, path: str, key: str) -> FileResult | None:
        try:
            entry = json.loads(self._entry(path).read_bytes())
            if entry["key"] != key:
                return None
            return FileResult(
                path,
                findings=[_finding(data) for data in entry["findings"]],
                calls_out=[(p, name, bool(off)) for p, name, off in entry["calls_out"]],
                conditional=[
                    (_finding(data), function, bool(needs_call))
                    for data, function, needs_call in entry["conditional"]
                ],
                switched_to_eval={(p, attribute) for p, attribute in entry["switched_to_eval"]},
                unless_switched=[
                    (_finding(data), attribute) for data, attribute in entry["unless_switched"]
                ],
            )
        # A missing, truncated, foreign or hand-edited entry: check the file again.
        except Exception:
            return None

    def store(self, path: str, key: str, result: FileResult) -> None:
        entry = {
            "key": key,
            "findings": [_data(finding) for finding in result.findings],
            "calls_out": result.calls_out,
            "conditional": [
                [_data(finding), function, needs_call]
                for finding, function, needs_call in result.conditional
            ],
            "switched_to_eval": sorted(result.switched_to_eval),
            "unless_switched": [
                [_data(finding), attribute] for finding, attribute in result.unless_switched
            ],
        }
        try:
            self._prepare()
            write_atomically(self._entry(path), json.dumps(entry).encode())
        except OSError:
            pass  # a read-only or full disk makes the run slower next time, not wrong

    def _entry(self, path: str) -> Path:
        name = hashlib.blake2b(os.path.abspath(path).encode(), digest_size=16).hexdigest()
        return self.directory / f"{name}.json"

    def _prepare(self) -> None:
        if self._prepared or (self.directory / "CACHEDIR.TAG").exists():
            self._prepared = True
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        write_atomically(self.directory / ".gitignore", b"# Created by torchlint.\n*\n")
        write_atomically(self.directory / "CACHEDIR.TAG", _CACHEDIR_TAG.encode())
        self._prepared = True


def _data(finding: Finding) -> dict[str, object]:
    return {
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "code": finding.code,
        "name": finding.name,
        "message": finding.message,
        "severity": finding.severity.value,
        "cell": finding.cell,
        "related": [[r.line, r.column, r.message, r.cell, r.path] for r in finding.related],
        "source_line": finding.source_line,
        "help": finding.help,
        "fix": _fix_data(finding.fix) if finding.fix is not None else None,
    }


def _fix_data(fix: Fix) -> dict[str, object]:
    return {
        "applicability": fix.applicability.value,
        "message": fix.message,
        "edits": [dataclasses.astuple(edit) for edit in fix.edits],
    }


def _finding(data: Mapping) -> Finding:
    fix = data["fix"]
    return Finding(
        **{
            **data,
            "severity": Severity(data["severity"]),
            "related": tuple(Related(*related) for related in data["related"]),
            "fix": Fix(
                Applicability(fix["applicability"]),
                fix["message"],
                tuple(Edit(*edit) for edit in fix["edits"]),
            )
            if fix is not None
            else None,
        }
    )


def _libcst_version() -> str:
    try:
        from libcst._version import __version__ as version
    except ImportError:  # a private module: without it, a changed libcst goes unnoticed
        return ""
    return version


@functools.cache
def _code_digest() -> str:
    """A hash of torchlint's own modules: a development install changes them between runs
    without changing the version."""
    digest = hashlib.blake2b(digest_size=20)
    package = Path(__file__).parent
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()
