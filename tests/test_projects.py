"""Multi-file projects under tests/projects/: every marked line in every file is found, across
modules (models in one file, the loss in another, the loop in a third), and nothing else."""

from pathlib import Path

import pytest

from tests.marked import expected
from torchlint.engine import LintJob, run_jobs
from torchlint.rules import ALL_RULES

PROJECTS = Path(__file__).parent / "projects"
ALL_CODES = frozenset(rule.code for rule in ALL_RULES)


def lint_project(folder: Path, workers: int = 1):
    paths = sorted(str(p) for p in folder.rglob("*.py"))
    results = run_jobs([LintJob(path, ALL_CODES) for path in paths], workers)
    assert not [r.error for r in results if r.error]
    return paths, [f for r in results for f in r.findings]


@pytest.mark.parametrize(
    "folder", sorted(p for p in PROJECTS.iterdir() if p.is_dir()), ids=lambda p: p.name
)
def test_project_findings_are_the_marked_lines(folder):
    paths, findings = lint_project(folder)
    marks = sorted(
        (path, line, code) for path in paths for line, code in expected(Path(path).read_text())
    )
    actual = sorted((f.path, f.line, f.code) for f in findings)
    assert actual == marks, "\n".join(f"{f.path}:{f.line} {f.code} {f.message}" for f in findings)


def test_a_loader_that_normalizes_what_it_reads_is_named_with_its_module():
    _, findings = lint_project(PROJECTS / "loader_helpers")
    (scaled,) = [f for f in findings if f.code == "TL005" and "`load_scaled`" in f.message]
    assert "with that data's own statistics, and `x`, which holds it, is" in scaled.message
    assert "split into train and validation on line 26" in scaled.message
    places = [(Path(r.path).name if r.path else None, r.line) for r in scaled.related]
    assert places == [("loading.py", 11), (None, 26)]


def test_a_helper_evaluating_in_training_mode_is_a_related_place():
    _, findings = lint_project(PROJECTS / "loader_helpers")
    (helper,) = [f for f in findings if f.code == "TL007"]
    assert "`evaluate` (evaluation.py, line 5) evaluates it" in helper.message
    assert [(Path(r.path).name, r.line) for r in helper.related] == [("evaluation.py", 5)]


def test_a_forward_helper_of_another_module_is_named_with_its_file_and_line():
    _, findings = lint_project(PROJECTS / "forward_helpers")
    (head,) = [f for f in findings if f.line == 15]
    assert "in `blur_peaks` (heatmaps.py, line 7; which `PoseHead.forward` calls" in head.message
    assert [(Path(r.path).name, r.line) for r in head.related] == [("heatmaps.py", 7)]


_GIVEN_MODEL_TRAINER = """\
import torch

class Trainer:
    def __init__(self, model, optimizer):
        self.model, self.optimizer = model, optimizer

    def train_epoch(self, loader):
        self.model.train()
        for x, y in loader:
            self.optimizer.zero_grad()
            torch.nn.functional.cross_entropy(self.model(x), y).backward()
            self.optimizer.step()

    @torch.no_grad()
    def evaluate(self, loader):
        return sum((self.model(x).argmax(1) == y).sum().item() for x, y in loader)
"""


@pytest.mark.parametrize(
    ("caller", "reported"),
    [
        (
            "from trainer import Trainer\nt = Trainer(net, opt)\nt.train_epoch(a)\nt.evaluate(b)\n",
            True,
        ),
        (
            "from trainer import Trainer\nt = Trainer(net, opt)\nt.model.eval()\nt.evaluate(b)\n",
            False,
        ),
        # A module that does not import the trainer switches some other object's `model`.
        ("import gan\ngan.pair.model.eval()\n", True),
    ],
)
def test_an_eval_switch_in_a_module_importing_the_trainer_is_seen(tmp_path, caller, reported):
    (tmp_path / "trainer.py").write_text(_GIVEN_MODEL_TRAINER)
    (tmp_path / "gan.py").write_text("pair = None\n")
    (tmp_path / "train.py").write_text(caller)
    _, findings = lint_project(tmp_path)
    expected_findings = [("trainer.py", 16)] if reported else []
    assert [(Path(f.path).name, f.line) for f in findings] == expected_findings


def test_a_loss_given_to_a_trainer_of_another_module_names_where_it_is_computed():
    _, findings = lint_project(PROJECTS / "passed_losses")
    (nll,) = [f for f in findings if f.code == "TL008" and f.path.endswith("train_nll.py")]
    assert nll.message.startswith("`Trainer` computes a NLLLoss (trainer.py, line 18)")
    assert "receives raw logits (models.py, line 12)" in nll.message
    places = sorted((Path(r.path).name, r.line) for r in nll.related)
    assert places == [("models.py", 12), ("trainer.py", 18)]
