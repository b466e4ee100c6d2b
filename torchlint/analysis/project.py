"""The project being linted: its own modules, the imports between them, and the order to check
them in so that every file sees the summaries of the project modules it imports.

Module names come from the folders: `proj/models/resnet.py` is `models.resnet` when
`proj/models/__init__.py` exists and `proj/` has none. Imports are found with a cheap scan of the
text before anything is parsed, so the order is known up front and files can be checked in
parallel as soon as the modules they import are done. Import cycles are broken inside their
strongly connected component: its files are checked one after the other.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

# Their meaning comes from torch_api, never from their sources (linting torch itself included).
_LIBRARY_ROOTS = frozenset(
    "torch torchvision torchaudio torchtext numpy sklearn scipy pandas transformers timm".split()
)
_IMPORT = re.compile(r"^[ \t]*import[ \t]+([\w. \t,]+)", re.MULTILINE)
_FROM_IMPORT = re.compile(
    r"^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#;]*)", re.MULTILINE
)
ALL_NAMES = "*"
_NAMESPACE_SEARCH_DEPTH = 4


@dataclass(frozen=True)
class ModuleFile:
    path: str
    name: str  # dotted module name
    root: str  # the folder the dotted name starts from
    is_package: bool  # an __init__.py


def module_file(path: str) -> ModuleFile:
    file = Path(path)
    is_package = file.name == "__init__.py"
    parts = [] if is_package else [file.stem]
    folder = file.parent
    while (folder / "__init__.py").exists() and folder.name and folder != folder.parent:
        parts.insert(0, folder.name)
        folder = folder.parent
    if not parts:  # an __init__.py in a folder without a package name
        parts = [file.parent.name or "__init__"]
    return ModuleFile(path, ".".join(parts), str(folder), is_package)


@dataclass
class ProjectIndex:
    """The project's modules by dotted name, and which of them each file imports."""

    modules: dict[str, ModuleFile] = field(default_factory=dict)  # path -> module
    _by_name: dict[str, list[ModuleFile]] = field(default_factory=dict)
    _by_path: dict[str, ModuleFile] = field(default_factory=dict)  # normalized path -> module

    @classmethod
    def of(cls, paths: Iterable[str]) -> ProjectIndex:
        index = cls()
        for path in paths:
            index.add(path)
        return index

    def add(self, path: str) -> ModuleFile:
        module = self.modules.get(path)
        if module is None:
            module = module_file(path)
            self.modules[path] = module
            self._by_name.setdefault(module.name, []).append(module)
            self._by_path[os.path.normpath(path)] = module
        return module

    def add_named(self, path: str, name: str) -> None:
        """A module whose name is already known (a worker gets names, not folders to scan)."""
        module = ModuleFile(path, name, "", name.endswith("__init__"))
        self.modules[path] = module
        self._by_name.setdefault(name, []).append(module)
        self._by_path[os.path.normpath(path)] = module

    def module_named(self, name: str, importer: ModuleFile) -> ModuleFile | None:
        """The project module `name`, preferring the importer's own root; None if ambiguous."""
        candidates = self._by_name.get(name, ())
        same_root = [m for m in candidates if m.root == importer.root]
        if len(same_root) == 1:
            return same_root[0]
        return candidates[0] if len(candidates) == 1 else None

    def absolute(self, importer: ModuleFile, level: int, dotted_name: str) -> str | None:
        """`from ..losses import Focal` in `pkg/train/run.py` -> `pkg.losses.Focal`."""
        if level == 0:
            return dotted_name
        package = importer.name.split(".")
        if not importer.is_package:
            package = package[:-1]
        if level - 1 > len(package):
            return None
        base = package[: len(package) - (level - 1)]
        return ".".join([*base, dotted_name] if dotted_name else base) or None

    def resolve(
        self, importer: ModuleFile, level: int, dotted_name: str
    ) -> tuple[ModuleFile, str] | None:
        """The project module a dotted name lives in and the attribute it names there (or "")."""
        name = self.absolute(importer, level, dotted_name)
        if name is None or name.split(".", 1)[0] in _LIBRARY_ROOTS:
            return None
        parts = name.split(".")
        for cut in range(len(parts), 0, -1):
            module = self.module_named(".".join(parts[:cut]), importer)
            if module is not None and module.path != importer.path:
                return module, ".".join(parts[cut:])
        return self._in_namespace_package(importer, parts) if level == 0 else None

    def _in_namespace_package(
        self, importer: ModuleFile, parts: list[str]
    ) -> tuple[ModuleFile, str] | None:
        """`from utils.general import x` where `utils/` has no `__init__.py` (a namespace
        package), found from the importer's folder or one above it: scripts put their own folder
        (or the repository root, `sys.path.append(ROOT)`) on the path."""
        folder = os.path.dirname(os.path.normpath(importer.path))
        for _ in range(_NAMESPACE_SEARCH_DEPTH):
            for cut in range(len(parts), 1, -1):
                module = self._by_path.get(os.path.join(folder, *parts[:cut]) + ".py")
                if module is not None and module.path != importer.path:
                    return module, ".".join(parts[cut:])
            if not folder or folder == os.path.dirname(folder):
                return None
            folder = os.path.dirname(folder)
        return None

    def requested_names(
        self, path: str, text: str, top_level_only: bool = False
    ) -> dict[str, set[str]]:
        """Project modules `text` imports -> the names it asks of each (`*`: any name). With
        `top_level_only`, just the imports Python runs when the module is imported: unindented."""
        importer = self.add(path) if path not in self.modules else self.modules[path]
        wanted: dict[str, set[str]] = {}

        def want(level: int, dotted_name: str, names: Iterable[str]) -> None:
            found = self.resolve(importer, level, dotted_name)
            if found is None:
                return
            module, attribute = found
            wanted.setdefault(module.path, set()).update(
                [attribute.split(".")[0]] if attribute else names
            )

        for match in _IMPORT.finditer(text):
            if top_level_only and match.group(0)[0] in " \t":
                continue
            for item in match.group(1).split(","):
                dotted_name = item.split()[0] if item.split() else ""
                if dotted_name:
                    want(0, dotted_name, [ALL_NAMES])
        for match in _FROM_IMPORT.finditer(text):
            if top_level_only and match.group(0)[0] in " \t":
                continue
            level, base = len(match.group(1)), match.group(2)
            names = [
                n.split()[0]
                for n in match.group(3).strip("()").replace("\n", " ").split(",")
                if n.split()
            ]
            of_base = []  # names of the module `base`: resolved once for the statement
            for name in names:
                if name == "*":
                    want(level, base, [ALL_NAMES])
                    continue
                # `from pkg import sub` may import a submodule, or a name of pkg.
                submodule = self.resolve(importer, level, f"{base}.{name}" if base else name)
                if submodule is not None and not submodule[1]:
                    wanted.setdefault(submodule[0].path, set()).add(ALL_NAMES)
                else:
                    of_base.append(name)
            if of_base and base:
                want(level, base, of_base)
        return wanted


def sibling_modules(paths: Sequence[str]) -> list[str]:
    """The `.py` files beside and below the folders of `paths`: what their imports may name."""
    found: list[str] = []
    for folder in sorted({os.path.dirname(os.path.abspath(p)) for p in paths}):
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.is_file() and entry.name.endswith(".py"):
                found.append(entry.path)
            elif entry.is_dir() and os.path.exists(os.path.join(entry.path, "__init__.py")):
                for directory, subdirectories, filenames in os.walk(entry.path):
                    subdirectories[:] = sorted(
                        d
                        for d in subdirectories
                        if os.path.exists(os.path.join(directory, d, "__init__.py"))
                    )
                    found += [
                        os.path.join(directory, f) for f in sorted(filenames) if f.endswith(".py")
                    ]
    return found


def check_order(
    dependencies: Mapping[str, Iterable[str]],
    eager: Mapping[str, Iterable[str]] | None = None,
) -> list[list[str]]:
    """Groups of files (import cycles together), each after every group it imports. Inside a
    cycle, a file comes after those it imports `eager`ly (at module level): the other edge of a
    cycle is usually an import inside a function, written that way to break it.
    """
    groups = _strongly_connected(dependencies)
    if eager is None:
        return groups
    ordered = []
    for group in groups:
        if len(group) > 1:
            members = set(group)
            inner = {p: [d for d in eager.get(p, ()) if d in members] for p in group}
            group = [path for part in _strongly_connected(inner) for path in part]
        ordered.append(group)
    return ordered


def _strongly_connected(dependencies: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Tarjan's algorithm, written with an explicit stack: a long import chain must not recurse."""
    index_of: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []
    counter = 0
    for start in dependencies:
        if start in index_of:
            continue
        work: list[tuple[str, Iterator[str]]] = [(start, iter(dependencies.get(start, ())))]
        index_of[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            advanced = False
            for successor in successors:
                if successor not in dependencies:
                    continue
                if successor not in index_of:
                    index_of[successor] = low[successor] = counter
                    counter += 1
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(dependencies.get(successor, ()))))
                    advanced = True
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index_of[successor])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index_of[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                groups.append(sorted(group))
    return groups
