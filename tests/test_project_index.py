"""The project index: module names from folders, import resolution, and the check order."""

import textwrap

from torchlint.analysis.project import ProjectIndex, check_order, module_file
from torchlint.engine import LintJob, run_jobs
from torchlint.rules import ALL_RULES

ALL_CODES = frozenset(rule.code for rule in ALL_RULES)


def write(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return sorted(str(root / name) for name in files)


def test_module_names_follow_packages(tmp_path):
    write(
        tmp_path, {"proj/models/__init__.py": "", "proj/models/resnet.py": "", "proj/train.py": ""}
    )
    assert module_file(str(tmp_path / "proj/models/resnet.py")).name == "models.resnet"
    assert module_file(str(tmp_path / "proj/models/__init__.py")).name == "models"
    assert module_file(str(tmp_path / "proj/train.py")).name == "train"


def test_relative_and_absolute_imports_resolve_to_project_modules(tmp_path):
    paths = write(
        tmp_path,
        {"p/pkg/__init__.py": "", "p/pkg/losses.py": "", "p/pkg/sub/__init__.py": "",
         "p/pkg/sub/run.py": "", "p/train.py": ""},
    )  # fmt: skip
    index = ProjectIndex.of(paths)
    run = index.modules[str(tmp_path / "p/pkg/sub/run.py")]
    found = index.resolve(run, 2, "losses.Focal")
    assert found is not None and found[0].name == "pkg.losses" and found[1] == "Focal"
    train = index.modules[str(tmp_path / "p/train.py")]
    found = index.resolve(train, 0, "pkg.sub.run.main")
    assert found is not None and found[0].name == "pkg.sub.run" and found[1] == "main"
    assert index.resolve(train, 0, "torch.nn.Linear") is None  # libraries are never files


def test_requested_names_from_the_import_scan(tmp_path):
    paths = write(tmp_path, {"p/models.py": "", "p/utils.py": "", "p/train.py": ""})
    index = ProjectIndex.of(paths)
    text = "import torch\nfrom models import (\n    Net,\n    build as make,\n)\nimport utils\n"
    wanted = index.requested_names(str(tmp_path / "p/train.py"), text)
    assert wanted == {
        str(tmp_path / "p/models.py"): {"Net", "build"},
        str(tmp_path / "p/utils.py"): {"*"},
    }


def test_check_order_puts_imports_first_and_keeps_cycles_together():
    order = check_order({"train": ["engine", "models"], "engine": ["models"], "models": [],
                         "a": ["b"], "b": ["a"]})  # fmt: skip
    flat = [group for group in order]
    assert flat.index(["models"]) < flat.index(["engine"]) < flat.index(["train"])
    assert ["a", "b"] in flat


def test_check_order_of_a_long_import_chain_does_not_recurse():
    chain = {f"m{i}": [f"m{i - 1}"] if i else [] for i in range(20_000)}
    order = check_order(chain)
    assert order[0] == ["m0"] and order[-1] == ["m19999"]


PROJECT = {
    "proj/nets.py": """
        import torch.nn as nn

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(8, 3)
                self.out = nn.Softmax(dim=1)

            def forward(self, x):
                return self.out(self.fc(x))
    """,
    "proj/steps.py": """
        def update(model, optimizer, x, y, criterion):
            loss = criterion(model(x), y)
            loss.backward()
            optimizer.step()
            return loss
    """,
    "proj/train.py": """
        import torch
        from torch import nn

        from nets import Net
        from steps import update

        model = Net()
        criterion = nn.CrossEntropyLoss()
        optimizer = torch.optim.Adam(model.parameters())
        for x, y in loader:
            loss = criterion(model(x), y)
            update(model, optimizer, x, y, criterion)
    """,
}


def test_parallel_and_sequential_checks_agree(tmp_path):
    paths = write(tmp_path, PROJECT | {f"proj/extra_{i}.py": "import torch\n" for i in range(10)})
    jobs = [LintJob(path, ALL_CODES) for path in paths]
    one = sorted((f.path, f.line, f.code) for r in run_jobs(jobs, 1) for f in r.findings)
    two = sorted((f.path, f.line, f.code) for r in run_jobs(jobs, 2) for f in r.findings)
    assert one == two
    assert {code for _, _, code in one} == {"TL002", "TL003"}


def test_a_file_given_alone_sees_its_sibling_modules(tmp_path):
    from torchlint.engine import with_sibling_modules

    write(tmp_path, PROJECT)
    train = str(tmp_path / "proj/train.py")
    results = run_jobs(with_sibling_modules([LintJob(train, ALL_CODES)]))
    assert [r.path for r in results] == [train]  # siblings are read, not reported
    assert {f.code for f in results[0].findings} == {"TL002", "TL003"}
    assert all("nets.py" in f.message for f in results[0].findings if f.code == "TL003")


def test_inside_an_import_cycle_module_level_imports_come_first():
    # models imports utils at module level; utils imports models inside a function only.
    order = check_order(
        {"models": ["utils"], "utils": ["models"]}, eager={"models": ["utils"], "utils": []}
    )
    assert order == [["utils", "models"]]


def test_a_namespace_package_resolves_from_the_folder_above(tmp_path):
    paths = write(
        tmp_path,
        {"repo/utils/general.py": "", "repo/classify/val.py": "", "repo/detect.py": ""},
    )
    index = ProjectIndex.of(paths)
    for importer in ("repo/classify/val.py", "repo/detect.py"):
        found = index.resolve(index.modules[str(tmp_path / importer)], 0, "utils.general.run")
        assert found is not None and found[0].path == str(tmp_path / "repo/utils/general.py")
        assert found[1] == "run"
    assert index.resolve(index.modules[paths[1]], 0, "helpers.run") is None


def test_requested_names_at_top_level_skip_imports_inside_functions(tmp_path):
    paths = write(tmp_path, {"p/models.py": "", "p/utils.py": ""})
    index = ProjectIndex.of(paths)
    text = "import torch\nfrom models import Net\n\ndef f():\n    from utils import g\n"
    everything = index.requested_names(str(tmp_path / "p/train.py"), text)
    eager = index.requested_names(str(tmp_path / "p/train.py"), text, top_level_only=True)
    assert set(everything) == {paths[0], paths[1]}
    assert set(eager) == {paths[0]}
