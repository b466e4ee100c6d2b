import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.marked import expected
from torchlint.cli import main

ROOT = Path(__file__).parent.parent

BUGGY = textwrap.dedent(
    """\
    import torch

    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for x, y in loader:
        criterion(model(x), y).backward()
        optimizer.step()
    """
)
CLEAN = textwrap.dedent(
    """\
    import torch

    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for x, y in loader:
        optimizer.zero_grad()
        criterion(model(x), y).backward()
        optimizer.step()
    """
)


def run(*args, cwd=None):
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(main, list(args))
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return runner.invoke(main, list(args))
    finally:
        os.chdir(old)


@pytest.fixture
def tree(tmp_path):
    def make(files: dict[str, str | bytes]) -> Path:
        for name, content in files.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content)
        return tmp_path

    return make


def test_clean_file_exits_zero(tree):
    root = tree({"train.py": CLEAN})
    result = run(str(root / "train.py"))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "No findings in 1 file." in result.stderr


def test_finding_exits_one_with_path_line_column_code(tree):
    root = tree({"train.py": BUGGY})
    result = run("--format", "concise", str(root / "train.py"))
    assert result.exit_code == 1
    line = result.stdout.splitlines()[0]
    assert line.startswith(f"{root / 'train.py'}:6:5: TL002 `optimizer` is stepped in this loop")
    assert "Found 1 finding (1 error) in 1 of 1 file." in result.stderr


def test_text_format_shows_source_excerpt_and_caret(tree):
    root = tree({"train.py": BUGGY})
    lines = run("--color", "never", str(root / "train.py")).stdout.splitlines()
    assert lines[1:4] == ["  |", "6 |     optimizer.step()", "  |     ^^^^^^^^^^^^^^^^"]


def test_color_only_when_asked_or_on_a_terminal(tree):
    root = tree({"train.py": BUGGY})
    assert "\x1b[" not in run(str(root / "train.py")).stdout
    assert "\x1b[" in run("--color", "always", str(root / "train.py")).stdout


def test_json_output_is_one_array_with_the_contract_fields(tree):
    root = tree({"a.py": BUGGY, "b.py": CLEAN, "pkg/c.py": BUGGY})
    result = run("--format", "json", str(root))
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    assert [Path(f["path"]).name for f in findings] == ["a.py", "c.py"]
    for finding in findings:
        assert {
            "path",
            "line",
            "column",
            "end_line",
            "end_column",
            "code",
            "name",
            "message",
            "severity",
        } <= set(finding)
        assert (finding["code"], finding["name"], finding["severity"]) == (
            "TL002",
            "missing-zero-grad",
            "error",
        )
        assert (finding["line"], finding["column"], finding["end_line"], finding["end_column"]) == (
            6,
            5,
            6,
            21,
        )


def test_json_is_an_empty_array_when_clean(tree):
    root = tree({"a.py": CLEAN})
    result = run("--format", "json", str(root))
    assert json.loads(result.stdout) == [] and result.exit_code == 0


def test_missing_path_is_an_error_but_other_paths_are_still_checked(tree):
    root = tree({"a.py": BUGGY})
    result = run("--format", "concise", str(root / "nope.py"), str(root / "a.py"))
    assert result.exit_code == 2
    assert "TL002" in result.stdout
    assert f"torchlint: error: {root / 'nope.py'}: no such file or directory" in result.stderr
    assert "Traceback" not in result.output


def test_syntax_error_is_a_finding_and_the_run_goes_on(tree):
    root = tree({"broken.py": "import torch\n\ndef f(:\n    pass\n", "ok.py": BUGGY})
    result = run("--format", "json", str(root))
    assert result.exit_code == 1
    by_code = {f["code"]: f for f in json.loads(result.stdout)}
    assert set(by_code) == {"TL900", "TL002"}
    assert (by_code["TL900"]["line"], by_code["TL900"]["name"]) == (3, "syntax-error")
    assert by_code["TL900"]["message"].startswith("syntax error: invalid syntax")


def test_undecodable_file_points_at_the_bad_byte(tree):
    root = tree({"latin.py": b"import torch\nname = '\xff'\n"})
    result = run("--format", "json", str(root))
    (finding,) = json.loads(result.stdout)
    assert finding["code"] == "TL900"
    assert (finding["line"], finding["column"]) == (2, 9)
    assert "cannot decode as utf-8: invalid byte 0xff" in finding["message"]


def test_declared_encoding_is_honoured(tree):
    source = "# -*- coding: latin-1 -*-\n" + BUGGY.replace("loader", "loader_\xe9")
    root = tree({"latin.py": source.encode("latin-1")})
    result = run("--format", "json", str(root))
    assert [f["code"] for f in json.loads(result.stdout)] == ["TL002"]


def test_a_byte_order_mark_and_crlf_line_ends_are_read_as_python_reads_them(tree):
    source = "\ufeff# coding: utf-8\r\n" + BUGGY.replace("\n", "\r\n")
    root = tree({"windows.py": source.encode()})
    result = run("--format", "json", str(root))
    assert [(f["code"], f["line"]) for f in json.loads(result.stdout)] == [("TL002", 7)]


def test_empty_file_and_file_without_torch_are_clean(tree):
    root = tree({"empty.py": "", "plain.py": "def step():\n    optimizer.step()\n"})
    result = run(str(root))
    assert result.exit_code == 0
    assert "No findings in 2 files." in result.stderr


def test_unreadable_file_is_reported_and_the_rest_checked(tree):
    root = tree({"ok.py": BUGGY})
    (root / "dangling.py").symlink_to(root / "missing-target.py")
    result = run("--format", "concise", str(root))
    assert result.exit_code == 2
    assert (
        f"torchlint: error: cannot read {root / 'dangling.py'}: No such file or directory"
        in result.stderr
    )
    assert "ok.py:6:5: TL002" in result.stdout


def test_directory_walk_skips_virtualenvs_git_and_build(tree):
    root = tree(
        {
            "src/train.py": BUGGY,
            ".git/hooks/x.py": BUGGY,
            "build/lib/train.py": BUGGY,
            "env/pyvenv.cfg": "home = /usr",
            "env/lib/site.py": BUGGY,
            "notes.txt": BUGGY,
        }
    )
    result = run("--format", "json", str(root))
    assert [Path(f["path"]).relative_to(root).as_posix() for f in json.loads(result.stdout)] == [
        "src/train.py"
    ]


def test_select_and_ignore_by_code_prefix_and_name(tree):
    source = (
        BUGGY + "import torch.nn.functional as F\nloss = F.cross_entropy(F.softmax(out, 1), y)\n"
    )
    root = tree({"a.py": source})

    def codes(*args):
        return sorted(
            {f["code"] for f in json.loads(run("--format", "json", *args, str(root)).stdout)}
        )

    assert codes() == ["TL002", "TL003"]
    assert codes("--select", "TL003") == ["TL003"]
    assert codes("--select", "missing-zero-grad") == ["TL002"]
    assert codes("--ignore", "TL002,TL005") == ["TL003"]
    assert codes("--select", "TL00") == ["TL002", "TL003"]


def test_unknown_rule_is_a_usage_error(tree):
    root = tree({"a.py": CLEAN})
    result = run("--select", "TL123", str(root))
    assert result.exit_code == 2
    assert "unknown rule 'TL123'" in result.stderr


def test_noqa_suppresses_the_named_code_or_all(tree):
    root = tree(
        {
            "a.py": BUGGY.replace("optimizer.step()", "optimizer.step()  # noqa: TL002"),
            "b.py": BUGGY.replace("optimizer.step()", "optimizer.step()  # noqa"),
            "c.py": BUGGY.replace("optimizer.step()", "optimizer.step()  # noqa: TL001"),
        }
    )
    result = run("--format", "json", str(root))
    assert [Path(f["path"]).name for f in json.loads(result.stdout)] == ["c.py"]


def test_skip_file_comment(tree):
    root = tree({"a.py": "# torchlint: skip-file\n" + BUGGY})
    assert run(str(root)).exit_code == 0


def test_pyproject_configuration_and_cli_override(tree):
    source = (
        BUGGY + "import torch.nn.functional as F\nloss = F.cross_entropy(F.softmax(out, 1), y)\n"
    )
    root = tree(
        {
            "pyproject.toml": textwrap.dedent(
                """\
            [tool.torchlint]
            ignore = ["TL003"]
            extend-exclude = ["generated"]
            per-file-ignores = { "scripts/*" = ["missing-zero-grad"] }
            """
            ),
            "src/a.py": source,
            "scripts/b.py": source,
            "generated/c.py": source,
        }
    )
    findings = json.loads(run("--format", "json", ".", cwd=root).stdout)
    assert sorted((f["path"], f["code"]) for f in findings) == [("src/a.py", "TL002")]
    findings = json.loads(run("--format", "json", "--select", "TL003", ".", cwd=root).stdout)
    assert sorted((f["path"], f["code"]) for f in findings) == [
        ("scripts/b.py", "TL003"),
        ("src/a.py", "TL003"),
    ]


def test_invalid_configuration_is_a_clear_usage_error(tree):
    root = tree({"pyproject.toml": "[tool.torchlint]\nselcet = ['TL001']\n", "a.py": CLEAN})
    result = run(".", cwd=root)
    assert result.exit_code == 2
    assert "unknown [tool.torchlint] keys: selcet" in result.stderr


def test_statistics(tree):
    root = tree({"a.py": BUGGY, "b.py": BUGGY})
    result = run("--statistics", str(root))
    assert result.stdout == "    2  TL002  missing-zero-grad\n"
    stats = json.loads(run("--statistics", "--format", "json", str(root)).stdout)
    assert stats == [{"code": "TL002", "name": "missing-zero-grad", "count": 2}]


def test_explain_prints_the_rule_document():
    result = run("--explain", "TL003")
    assert result.exit_code == 0
    assert result.stdout.startswith("# TL003 softmax-before-cross-entropy")
    assert run("--explain", "stale-optimizer").stdout.startswith("# TL001 stale-optimizer")
    assert run("--explain", "TL999").exit_code == 2


def test_list_rules():
    lines = run("--list-rules").stdout.splitlines()
    codes = [line.split()[0] for line in lines]
    assert codes == sorted(codes) and codes[-1] == "TL900"
    assert {"TL001", "TL005", "TL006", "TL016", "TL100", "TL106"} <= set(codes)
    by_code = dict(zip(codes, lines, strict=True))
    assert "confirmed at run time" in by_code["TL001"] and "run time only" in by_code["TL101"]


def test_parallel_run_matches_serial_and_is_sorted(tree):
    files = {f"m{i:02d}.py": (BUGGY if i % 3 else CLEAN) for i in range(24)}
    root = tree(files)
    parallel = run("--format", "json", "--jobs", "2", str(root)).stdout
    serial = run("--format", "json", "--jobs", "1", str(root)).stdout
    assert parallel == serial
    assert len(json.loads(parallel)) == 16


def test_console_script_runs_as_a_module(tree):
    root = tree({"a.py": BUGGY})
    completed = subprocess.run(
        [sys.executable, "-m", "torchlint", "--format", "concise", str(root)],
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 1
    assert ":6:5: TL002" in completed.stdout
    assert completed.stderr.startswith("Found 1 finding")


def test_examples_directory_flags_every_bundled_bug():
    result = run("--format", "json", str(ROOT / "examples"))
    found = sorted((Path(f["path"]).name, f["line"], f["code"]) for f in json.loads(result.stdout))
    marked = sorted(
        (path.name, line, code)
        for path in (ROOT / "examples").glob("*.py")
        for line, code in expected(path.read_text())
    )
    assert found == marked and len({code for _, _, code in marked}) >= 10
